/**
 * `npm start -- --data <dir>`: the directory checked whole before the stack starts, so a mistake in
 * it is one message (exit 2 through runCli) and nothing is created in it (DynamoDB Local's and the
 * emulator's folders are made by the start).
 */
import { join } from 'node:path';
import { DataDirectoryError, prepareDataDirectory } from 'offline-aws/data-directory';
import { keepJournal } from 'offline-aws/engine/journal';
import type { WorkflowRunner } from 'offline-aws/engine/runner';
import { UsageError } from './options';

/** Where the runtime keeps the executions' records and histories in the data directory (runtime.ts). */
export const JOURNAL_FILE = 'executions.json';

/**
 * A runner that adopts nothing: the journal's own reader (keepJournal) checks the file's shape, and
 * every entry is then left out (no state machine is known), so nothing is restored, started or
 * written.
 */
const CHECK_ONLY = {
  machines: {
    get(): never {
      throw new Error('checking the journal only');
    },
  },
  adopt(): void {},
  listExecutions: () => [],
  onEvent: () => () => {},
  onHistoryEvent: () => () => {},
} as unknown as WorkflowRunner;

/**
 * Throws when `<directory>/executions.json` exists and is not an execution journal (not JSON, or
 * not of the version the runtime reads), with the runtime's own message naming the file.
 */
export function checkJournal(directory: string): void {
  keepJournal(CHECK_ONLY, join(directory, JOURNAL_FILE), () => {}).stop();
}

/**
 * The `--data` directory, absolute and ready: created if missing (prepareDataDirectory), and its
 * execution journal readable.
 * @throws UsageError saying what is wrong with it: the path (with the usage), or the journal file
 *   (its message alone: move it away)
 */
export function dataDirectoryArgument(path: string, usage: string): string {
  let directory: string;
  try {
    directory = prepareDataDirectory(path);
  } catch (error) {
    if (error instanceof DataDirectoryError) throw new UsageError(`${error.message}\n${usage}`);
    throw error;
  }
  try {
    checkJournal(directory);
  } catch (error) {
    throw new UsageError(`--data ${path}: ${(error as Error).message}`, { cause: error });
  }
  return directory;
}
