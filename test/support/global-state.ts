/**
 * What the global setup hands to the global teardown. Both run in Jest's parent process, where
 * globalThis is shared between them (module instances may not be: each is loaded on its own).
 */
import type { DynamoDbLocal } from 'offline-aws/dynamodb/dynamodb-local';

interface SharedState {
  dynamoDb?: DynamoDbLocal;
  /** The global setup's work in the background (never rejects: a failure is written to the ready file). */
  setup?: Promise<void>;
  /** The directory of the ready file (setup-ready.ts), removed by the teardown. */
  readyDirectory?: string;
}

const holder = globalThis as typeof globalThis & { __orderProcessingTestRun?: SharedState };

export const sharedState: SharedState = (holder.__orderProcessingTestRun ??= {});
