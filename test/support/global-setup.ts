/**
 * Jest globalSetup of the stack tests (and of test:slow): starts the DynamoDB Local every test
 * file shares (test/support/shared-dynamodb.ts) and, while its JVM boots, brings the functions'
 * bundles up to date (local/lambda/bundle.ts): on a fresh clone every test process would otherwise
 * build them at once in its first file. global-teardown.ts stops the database; if the run is
 * interrupted, the exit hook of local/dynamodb-local.ts kills it with this process.
 */
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { bundleFunctions } from '../../local/lambda/bundle';
import { loadServerlessConfig } from '../../local/serverless-config';
import { SHARED_DYNAMODB_ENDPOINT } from './shared-dynamodb';
import { sharedState } from './global-state';

/** The configurations whose functions the stack tests run: the project's and the conformance fixtures'. */
const CONFIGURATIONS = [{}, { file: 'test/conformance/fixtures/serverless.yml' }];

export default async function globalSetup(): Promise<void> {
  // unref: a run that never reaches the teardown must not hang on the database. shortLived: C1
  // only; C2's compiles cost more CPU than they save in a run of a few minutes.
  const [dynamoDb] = await Promise.all([
    startDynamoDbLocal({ unref: true, shortLived: true }),
    ...CONFIGURATIONS.map((options) => bundleFunctions(loadServerlessConfig(options))),
  ]);
  sharedState.dynamoDb = dynamoDb;
  // Test workers are started after the global setup and inherit this environment.
  process.env[SHARED_DYNAMODB_ENDPOINT] = dynamoDb.endpoint;
}
