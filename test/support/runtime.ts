import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { DEFAULT_REVIEW_TIMEOUT_SECONDS } from '../../tools/cli/options';

/**
 * The whole offline system for a test file: fast retries and the CLIs' review timeout (the
 * reviewer's call includes submitReview's cold start, which takes seconds on a loaded machine).
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: DEFAULT_REVIEW_TIMEOUT_SECONDS * 1000 },
      ...options.runner,
    },
  });
}
