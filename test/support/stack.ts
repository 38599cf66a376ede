import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invokeFunction } from '../../local/lambda';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { sharedDynamoDb } from './shared-dynamodb';

export interface TestStack {
  local: LocalStack;
  documentClient: DynamoDBDocumentClient;
  tableName(logicalId: string): string;
  /** Runs the real handler named in serverless.yml; rejects with the handler's error. */
  invoke<T = unknown>(functionName: string, event: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Every table of serverless.yml, freshly created and seeded on the run's shared DynamoDB Local
 * (test/support/shared-dynamodb.ts); process.env points the SDK at it.
 */
export async function startTestStack(): Promise<TestStack> {
  const local = await startLocalStack(sharedDynamoDb());
  return {
    local,
    documentClient: local.documentClient,
    tableName: (logicalId) => local.tableName(logicalId),
    invoke: async <T>(functionName: string, event: unknown) =>
      (await invokeFunction(local.config, functionName, event)) as T,
    stop: () => local.stop(),
  };
}
