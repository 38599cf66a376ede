import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';

/**
 * The whole offline system for a test file: fast retries and a short review timeout. The timeout
 * covers the whole RequestReview task, its Lambda call included (as TimeoutSeconds does in AWS), so
 * it leaves a loaded machine time to invoke requestReview and answer the review.
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: 2500 },
      ...options.runner,
    },
  });
}
