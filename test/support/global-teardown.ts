/**
 * Jest globalTeardown of the stack tests (and of test:slow): waits for the global setup's work
 * (it may still be starting when a run ends early), then stops the shared DynamoDB Local.
 */
import { rmSync } from 'node:fs';
import { sharedState } from './global-state';

export default async function globalTeardown(): Promise<void> {
  await sharedState.setup;
  const { dynamoDb, readyDirectory } = sharedState;
  sharedState.dynamoDb = undefined;
  sharedState.setup = undefined;
  if (readyDirectory) rmSync(readyDirectory, { recursive: true, force: true });
  await dynamoDb?.stop();
}
