/**
 * `npm start -- --data <dir>`: the directory checked whole before the stack starts, so a mistake in
 * it is one message (exit 2 through runCli) and nothing is created in it (DynamoDB Local's and the
 * emulator's folders are made by the start).
 */
import { DataDirectoryError, prepareDataDirectory } from 'offline-aws/data-directory';
import { checkJournalFile } from 'offline-aws/engine/journal';
import { UsageError } from './options';

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
    checkJournalFile(directory);
  } catch (error) {
    throw new UsageError(`--data ${path}: ${(error as Error).message}`, { cause: error });
  }
  return directory;
}
