/**
 * How the stack tests' processes wait, before their first test file (through their setup file
 * wait-for-setup.ts, jest.config.cjs), until the global setup (global-setup.ts) has the shared
 * DynamoDB Local answering and the bundles built, which it does in the background while the unit
 * files run. It tells the test processes through a file: `{ "ok": true }`, or `{ "ok": false,
 * "error": … }`, and a failure fails every stack test file with the setup's own error.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The environment variable naming the file the global setup writes when done. */
export const SETUP_READY_FILE = 'TEST_SETUP_READY_FILE';

export type SetupOutcome = { ok: true } | { ok: false; error: string };

/** Long enough for a JVM boot and a fresh build on a machine busy with other work. */
const READY_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 50;

function readOutcome(file: string): SetupOutcome | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SetupOutcome;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Resolves once the global setup is done; without one (a run of files that start their own
 * database), at once.
 * @throws Error with the global setup's error, or when it is not done after READY_TIMEOUT_MS.
 */
export async function waitForGlobalSetup(file: string | undefined = process.env[SETUP_READY_FILE]): Promise<void> {
  if (!file) return;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const outcome = readOutcome(file);
    if (outcome?.ok) return;
    if (outcome) throw new Error(`The test run's global setup failed: ${outcome.error}`);
    if (Date.now() > deadline) {
      throw new Error(`The test run's global setup did not finish within ${READY_TIMEOUT_MS / 60_000} minutes`);
    }
    await sleep(POLL_MS);
  }
}
