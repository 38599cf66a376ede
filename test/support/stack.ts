import { TEST_LAMBDAS } from './runtime';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LambdaPool } from 'offline-aws/lambda/pool';
import { startLocalStack, type LocalStack } from 'offline-aws/dynamodb/stack';
import { takeProcessLease } from './process-lease';
import { sharedDynamoDb } from './shared-dynamodb';

export interface TestStack {
  local: LocalStack;
  documentClient: DynamoDBDocumentClient;
  tableName(logicalId: string): string;
  /** The execution environments `invoke` runs the functions in. */
  lambdas: LambdaPool;
  /**
   * Runs the real handler named in serverless.yml in its own execution environment (a worker
   * thread with the function's variables); rejects as Lambda reports a function error (name =
   * errorType, message = errorMessage; other properties of the thrown error do not cross).
   */
  invoke<T = unknown>(functionName: string, event: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Every table of serverless.yml, freshly created and seeded on the run's shared DynamoDB Local
 * (test/support/shared-dynamodb.ts); process.env points the SDK at it.
 */
export async function startTestStack(): Promise<TestStack> {
  // The process's table names (process-lease.ts): the functions' environments carry over warm.
  const lease = await takeProcessLease();
  let local: LocalStack;
  try {
    local = await startLocalStack({ ...sharedDynamoDb(), ...(lease && { tableSuffix: lease.tableSuffix }) });
  } catch (error) {
    lease?.release();
    throw error;
  }
  const lambdas = new LambdaPool(local.config, { ...TEST_LAMBDAS, keepWarm: lease !== undefined });
  return {
    local,
    documentClient: local.documentClient,
    tableName: (logicalId) => local.tableName(logicalId),
    lambdas,
    invoke: async <T>(functionName: string, event: unknown) => (await lambdas.invoke(functionName, event)) as T,
    async stop() {
      try {
        await lambdas.stop();
        await local.stop();
      } finally {
        lease?.release();
      }
    },
  };
}
