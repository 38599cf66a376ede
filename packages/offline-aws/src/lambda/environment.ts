/**
 * What one function sees in its execution environment, offline as in Lambda:
 *
 * - exactly its own variables from serverless.yml (provider.environment merged with the
 *   function's, CloudFormation references resolved as src/serverless/cloudformation.ts does);
 * - the variables Lambda defines for every function ("Defined runtime environment variables",
 *   https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html): reserved ones
 *   (`_HANDLER`, `AWS_REGION`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, …) override the configuration,
 *   unreserved defaults (`TZ=:UTC`, `LANG`, `PATH`) can be overridden by it;
 * - what offline needs to reach the embedded stack: the host's `AWS_ENDPOINT_URL_*` and local
 *   credentials, and the caller's `POWERTOOLS_*` choices (tests run with logs SILENT; metrics and
 *   tracing are off offline).
 *
 * Also the host process's own environment, for code that runs outside any function (scenario
 * checks reading tables through the services' adapters, test files): every variable that the
 * functions declaring it agree on.
 */
import { randomBytes } from 'node:crypto';
import { deployedFunctionName, resolvedEnvironment } from '../serverless/cloudformation';
import type { ServerlessConfig } from '../serverless/config';

const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SESSION_TOKEN: 'local',
};

/** What Lambda names a function and where it sends its logs. */
export interface FunctionIdentity {
  /** The deployed name, `<service>-<stage>-<function>`. */
  functionName: string;
  functionVersion: '$LATEST';
  invokedFunctionArn: string;
  logGroupName: string;
  /** MB, from serverless.yml. */
  memorySize: number;
  /** Seconds, from serverless.yml. */
  timeout: number;
}

export function functionIdentity(config: ServerlessConfig, functionName: string): FunctionIdentity {
  const fn = config.functions[functionName];
  if (!fn) throw new Error(`No function "${functionName}" in serverless.yml`);
  const name = deployedFunctionName(config, functionName);
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${config.region}:${config.accountId}:function:${name}`,
    logGroupName: `/aws/lambda/${name}`,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
  };
}

/**
 * The data of the Node.js context object one invocation gets, as Lambda gives it
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html): `memoryLimitInMB` is the
 * function's configured memory as a string of MB. `getRemainingTimeInMillis` is added by whoever
 * runs the handler (it knows the deadline).
 */
export interface InvocationContextData {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
}

export function invocationContextData(
  identity: FunctionIdentity,
  requestId: string,
  logStreamName: string,
): InvocationContextData {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: identity.functionName,
    functionVersion: identity.functionVersion,
    invokedFunctionArn: identity.invokedFunctionArn,
    memoryLimitInMB: String(identity.memorySize),
    awsRequestId: requestId,
    logGroupName: identity.logGroupName,
    logStreamName,
  };
}

/** A new environment's log stream name, as Lambda names them: `YYYY/MM/DD/[$LATEST]<32 hex digits>`. */
export function newLogStreamName(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** Where one environment's code lives and what its log stream is called. */
export interface EnvironmentPlacement {
  /** LAMBDA_TASK_ROOT: the directory holding the function's bundle. */
  taskRoot: string;
  /** LAMBDA_RUNTIME_DIR: the directory of the offline runtime (the bootstrap). */
  runtimeDir: string;
  /** `YYYY/MM/DD/[$LATEST]<32 hex digits>`, one per environment as in Lambda. */
  logStreamName: string;
}

const pick = (host: NodeJS.ProcessEnv, prefix: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(host).filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && !!entry[1]),
  );

/**
 * The emulators' endpoints (AWS_ENDPOINT_URL_*) and local credentials, read from the host process
 * when an environment starts (so a test that points AWS_ENDPOINT_URL_SFN at a stub before invoking
 * is honoured).
 */
export function offlineEndpoints(host: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...LOCAL_CREDENTIALS, ...pick(host, 'AWS_ENDPOINT_URL') };
}

/**
 * The caller's POWERTOOLS_* choices, over offline defaults (no metrics, no tracing). Read once,
 * when the runtime starts: `sls invoke local` later puts the invoked function's own values into
 * the process environment, which must not become every function's.
 */
export function powertoolsChoices(host: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', ...pick(host, 'POWERTOOLS_') };
}

/**
 * The complete environment of one execution environment of `functionName`.
 * @param offline what offline adds last (offlineEndpoints() and powertoolsChoices()).
 * @throws Error when serverless.yml has no such function or a reference cannot be resolved.
 */
export function functionEnvironment(
  config: ServerlessConfig,
  functionName: string,
  placement: EnvironmentPlacement,
  offline: Record<string, string>,
): Record<string, string> {
  const fn = config.functions[functionName];
  if (!fn) throw new Error(`No function "${functionName}" in serverless.yml`);
  const identity = functionIdentity(config, functionName);
  const unreserved = { TZ: ':UTC', LANG: 'en_US.UTF-8', PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  const reserved = {
    _HANDLER: fn.handler,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: identity.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: identity.functionVersion,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: identity.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: placement.logStreamName,
    LAMBDA_TASK_ROOT: placement.taskRoot,
    LAMBDA_RUNTIME_DIR: placement.runtimeDir,
  };
  return { ...unreserved, ...resolvedEnvironment(config, functionName), ...reserved, ...offline };
}

/**
 * The variables the host process adopts: each one every function declaring it gives the same
 * value. A variable two functions set differently (e.g. TABLE_NAME per service) stays out of the
 * host process: each function still gets its own value in its own environment. NODE_OPTIONS
 * belongs to the process that was started, and POWERTOOLS_* stay the caller's choices (which
 * powertoolsChoices passes on to every function).
 */
export function hostEnvironment(config: ServerlessConfig): Record<string, string> {
  const agreed: Record<string, string> = {};
  const conflicting = new Set<string>();
  for (const name of Object.keys(config.functions)) {
    for (const [key, value] of Object.entries(resolvedEnvironment(config, name))) {
      if (key === 'NODE_OPTIONS' || key.startsWith('POWERTOOLS_')) continue;
      if (key in agreed && agreed[key] !== value) conflicting.add(key);
      agreed[key] = value;
    }
  }
  return Object.fromEntries(Object.entries(agreed).filter(([key]) => !conflicting.has(key)));
}
