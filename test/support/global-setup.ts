/**
 * Jest globalSetup of the integration tests (and of test:slow): starts the DynamoDB Local every
 * test file shares (test/support/shared-dynamodb.ts). global-teardown.ts stops it; if the run is
 * interrupted, the exit hook of local/dynamodb-local.ts kills it with this process.
 */
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { SHARED_DYNAMODB_ENDPOINT } from './shared-dynamodb';
import { sharedState } from './global-state';

export default async function globalSetup(): Promise<void> {
  // unref: a run that never reaches the teardown must not hang on the database. shortLived: C1
  // only; C2's compiles cost more CPU than they save in a run of a few minutes.
  const dynamoDb = await startDynamoDbLocal({ unref: true, shortLived: true });
  sharedState.dynamoDb = dynamoDb;
  // Test workers are started after the global setup and inherit this environment.
  process.env[SHARED_DYNAMODB_ENDPOINT] = dynamoDb.endpoint;
}
