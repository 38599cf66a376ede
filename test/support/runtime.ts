import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { sharedDynamoDb } from './shared-dynamodb';

/**
 * The whole offline system for a test file: fast retries, a short review timeout, and fresh tables
 * of its own on the run's shared DynamoDB Local.
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    ...sharedDynamoDb(),
    ...options,
    runner: {
      retryIntervalMs: 5,
      taskTimeoutOverridesMs: { RequestReview: 1500 },
      ...options.runner,
    },
  });
}
