import { startRuntime, type Runtime, type RuntimeOptions } from 'offline-aws/runtime';
import { CapturedLines, TEST_INIT_LIMIT_MS } from 'offline-aws/testing';
import { DEFAULT_REVIEW_TIMEOUT_SECONDS } from '../../tools/cli/options';
import { forgetPorts, isAddressInUse, takeProcessLease } from './process-lease';
import { sharedDynamoDb } from './shared-dynamodb';

export { TEST_INIT_LIMIT_MS };

/** The execution environments' settings every test stack and runtime uses. */
export const TEST_LAMBDAS = { initLimitMs: TEST_INIT_LIMIT_MS } as const;

/**
 * The whole offline system for a test file: fast retries, the CLIs' review timeout (the
 * reviewer's call includes submitReview's cold start, which takes seconds on a loaded machine),
 * and fresh tables of its own on the run's shared DynamoDB Local. Unless the test sets its own
 * table suffix or ports, it takes the process's (process-lease.ts), so the functions' warm
 * environments carry over from the previous file's stack. The lines the stack prints itself (one per
 * invocation) are kept in memory, not printed, unless the test passes its own `log.print`; the
 * functions' logs go to .local/logs as in `npm start`.
 */
export async function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const start = (leased: RuntimeOptions) =>
    startRuntime({
      ...sharedDynamoDb(),
      ...leased,
      ...options,
      log: { print: new CapturedLines().print, ...options.log },
      lambdas: { ...TEST_LAMBDAS, keepWarm: leased.tableSuffix !== undefined, ...options.lambdas },
      runner: {
        retryIntervalMs: 5,
        taskTimeoutOverridesMs: { RequestReview: DEFAULT_REVIEW_TIMEOUT_SECONDS * 1000 },
        ...options.runner,
      },
    });
  // The process's table names and ports (process-lease.ts), unless the test chose its own.
  const lease = options.tableSuffix === undefined && !options.ports ? await takeProcessLease() : undefined;
  if (!lease) return start({});
  try {
    const runtime = await start({ tableSuffix: lease.tableSuffix, ports: lease.ports });
    return {
      ...runtime,
      async stop() {
        try {
          await runtime.stop();
        } finally {
          lease.release();
        }
      },
    };
  } catch (error) {
    lease.release();
    if (!isAddressInUse(error)) throw error;
    forgetPorts(); // another process took one: fresh ones next time, and now
    return start({});
  }
}
