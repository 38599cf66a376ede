import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';

/** The whole offline system for a test file: fast retries and a short review timeout. */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: 1500 },
      ...options.runner,
    },
  });
}
