/** Jest globalTeardown of the integration tests (and of test:slow): stops the shared DynamoDB Local. */
import { sharedState } from './global-state';

export default async function globalTeardown(): Promise<void> {
  const { dynamoDb } = sharedState;
  sharedState.dynamoDb = undefined;
  await dynamoDb?.stop();
}
