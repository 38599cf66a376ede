/**
 * One DynamoDB Local for the whole integration run instead of one per test file: the JVM boot
 * (seconds on a busy machine) is paid once. test/support/global-setup.ts starts it and passes its
 * endpoint to the test workers in an environment variable; every stack a test file starts gets
 * tables of its own there (a suffix on every table name: random here, the test process's own when
 * it holds the process lease, process-lease.ts), as fresh as a new database.
 */
import { randomUUID } from 'node:crypto';
import type { LocalStackOptions } from 'offline-aws/dynamodb/stack';

export const SHARED_DYNAMODB_ENDPOINT = 'TEST_DYNAMODB_ENDPOINT';

/** Where a test's stack keeps its tables: on the shared DynamoDB Local when the run has one. */
export function sharedDynamoDb(): Pick<LocalStackOptions, 'dynamoDbEndpoint' | 'tableSuffix'> {
  const endpoint = process.env[SHARED_DYNAMODB_ENDPOINT];
  // Without the global setup (a project that has none), the stack starts its own database.
  if (!endpoint) return {};
  return { dynamoDbEndpoint: endpoint, tableSuffix: `-${randomUUID().slice(0, 8)}` };
}
