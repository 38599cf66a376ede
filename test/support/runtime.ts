import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { sharedDynamoDb } from './shared-dynamodb';

/**
 * The whole offline system for a test file: fast retries, a short review timeout, and fresh tables
 * of its own on the run's shared DynamoDB Local. The review timeout (AWS: the state's
 * TimeoutSeconds) is what the review-timeout scenario waits out, and what a scenario's reviewer
 * must answer within: 0.2 s after the task token, then submitReview and its Step Functions call,
 * which take well over a second on a loaded CI runner.
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...sharedDynamoDb(),
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: 5000 },
      ...options.runner,
    },
  });
}
