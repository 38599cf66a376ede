/**
 * Runs a function's real handler, as named in serverless.yml, in this process with a Lambda-like
 * context. Used by the workflow runner, `npm start` and the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import type { ServerlessConfig } from './serverless-config';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlers = new Map<string, LambdaHandler>();

/**
 * Registers handlers that are already loaded (the bundled offline runtime of `sls invoke local`
 * imports them statically, since plain Node cannot import the TypeScript sources by path).
 */
export function registerHandlers(loaded: Record<string, LambdaHandler>): void {
  for (const [name, handler] of Object.entries(loaded)) handlers.set(name, handler);
}

/** Loads (once) the handler export named by `handler: path/to/file.export`. */
export async function loadHandler(config: ServerlessConfig, functionName: string): Promise<LambdaHandler> {
  const cached = handlers.get(functionName);
  if (cached) return cached;
  const fn = config.functions[functionName];
  if (!fn) throw new Error(`No function "${functionName}" in serverless.yml`);
  const dot = fn.handler.lastIndexOf('.');
  const file = resolve(config.root, fn.handler.slice(0, dot));
  const exportName = fn.handler.slice(dot + 1);
  const module = (await import(file)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${fn.handler}: no exported function "${exportName}"`);
  handlers.set(functionName, handler as LambdaHandler);
  return handler as LambdaHandler;
}

/** Lambda's longest timeout: what a context reports when timeouts are not emulated. */
const MAX_LAMBDA_TIMEOUT_SECONDS = 900;

export function lambdaContext(config: ServerlessConfig, functionName: string, enforceTimeout = true): Context {
  const timeoutSeconds = enforceTimeout ? (config.functions[functionName]?.timeout ?? 6) : MAX_LAMBDA_TIMEOUT_SECONDS;
  const deadline = Date.now() + timeoutSeconds * 1000;
  const qualifiedName = `${config.service}-${config.stage}-${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: qualifiedName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${config.region}:${config.accountId}:function:${qualifiedName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${qualifiedName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invokeFunction(
  config: ServerlessConfig,
  functionName: string,
  event: unknown,
  options: { enforceTimeout?: boolean } = {},
): Promise<unknown> {
  const handler = await loadHandler(config, functionName);
  return handler(event, lambdaContext(config, functionName, options.enforceTimeout ?? true));
}
