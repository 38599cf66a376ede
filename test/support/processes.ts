import { execFileSync } from 'node:child_process';
import { PROCESS_TIMEOUT_MS } from 'offline-aws/testing';

/**
 * Limits for the tests that start a command as a process (`sls`, `npm run …`, `node`). They only
 * guard against a hang: on a quiet machine these commands take seconds, but with both cores busy
 * with other work one took four minutes (`npm run workflow`, load average 21), and a test must not
 * fail because the machine is busy.
 */

/** How long a spawned command may run before it is killed as hung (the runtime package's limit for its own tests). */
export { PROCESS_TIMEOUT_MS };

/** Jest's limit for a test (or hook) that spawns one command: the command's limit, and a margin. */
export const PROCESS_TEST_TIMEOUT_MS = PROCESS_TIMEOUT_MS + 60_000;

/** The DynamoDB Local (java) processes running on a data directory, as `pgrep -af` lists them ('' when none). */
export function javaProcessesFor(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', `dbPath ${dataDir}`], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}
