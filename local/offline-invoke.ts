/**
 * Entry point of the offline runtime for `sls invoke local` (loaded by local/serverless-plugin.cjs).
 */
import { join } from 'node:path';
import { resolvedEnvironment } from './cloudformation';
import { startLocalStack } from './stack';

export interface OfflineInvoke {
  /** The invoked function's environment with CloudFormation references resolved. */
  functionEnvironment: Record<string, string>;
  /** What every function needs to reach the embedded stack. */
  sharedEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startOfflineInvoke(options: {
  root: string;
  stage: string;
  functionName: string;
}): Promise<OfflineInvoke> {
  const stack = await startLocalStack({
    root: options.root,
    stage: options.stage,
    dataDirectory: join(options.root, '.local', 'dynamodb'),
    unref: true,
  });
  const functionEnvironment = resolvedEnvironment(stack.config, options.functionName);
  return {
    functionEnvironment,
    sharedEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoDb.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    stop: () => stack.stop(),
  };
}
