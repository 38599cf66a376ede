import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { DEFAULT_REVIEW_TIMEOUT_SECONDS } from '../../tools/cli/options';
import { sharedDynamoDb } from './shared-dynamodb';

/**
 * The whole offline system for a test file: fast retries, the CLIs' review timeout (the
 * reviewer's call includes submitReview's cold start, which takes seconds on a loaded machine),
 * and fresh tables of its own on the run's shared DynamoDB Local.
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...sharedDynamoDb(),
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: DEFAULT_REVIEW_TIMEOUT_SECONDS * 1000 },
      ...options.runner,
    },
  });
}
