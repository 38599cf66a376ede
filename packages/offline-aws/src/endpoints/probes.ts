/**
 * The endpoints the running system serves, and how to tell that each one answers. `ENDPOINTS` is
 * the one list: adding an endpoint (`api`, `console`, `lambda`, `issuer`, …) is one entry there —
 * its name, where the runtime serves it, and a request it must answer. Only endpoints that really
 * run are listed: the file never holds a URL nothing listens on.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  EndpointsFileError,
  endpointsFilePath,
  isProcessAlive,
  readEndpointsFile,
  type Endpoints,
  type EndpointsFile,
} from './file';
import type { Runtime } from '../runtime';
import { PROBE_HEADER } from '../logs/lines';
import { CONSOLE_HEALTH } from '../console/guard';

/** Resolves when the endpoint at `url` answered one request as the real service would; rejects otherwise. */
export type Probe = (url: string) => Promise<void>;

export interface EndpointSpec {
  name: string;
  /**
   * The endpoint's base URL in a started runtime; absent for endpoints served next to the runtime
   * (the HTTP API and its issuer: src/http-api/local-api.ts), which `npm start` adds itself.
   */
  url?(runtime: Runtime): string;
  probe: Probe;
}

/** One quick attempt per probe: no SDK retries, short timeouts, throwaway local credentials. */
const clientConfig = (endpoint: string) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 2000, requestTimeout: 3000 },
});

async function withClient<C extends { destroy(): void }>(client: C, use: (client: C) => Promise<unknown>) {
  try {
    await use(client);
  } finally {
    client.destroy();
  }
}

const probeDynamoDb: Probe = (url) =>
  withClient(new DynamoDBClient(clientConfig(url)), (c) => c.send(new ListTablesCommand({ Limit: 1 })));

const probeSns: Probe = (url) => withClient(new SNSClient(clientConfig(url)), (c) => c.send(new ListTopicsCommand({})));

/** S3 path-style (the emulator answers on 127.0.0.1, where no bucket sub-domain resolves). */
const probeS3: Probe = (url) =>
  withClient(new S3Client({ ...clientConfig(url), forcePathStyle: true }), (c) => c.send(new ListBucketsCommand({})));

const probeSqs: Probe = (url) => withClient(new SQSClient(clientConfig(url)), (c) => c.send(new ListQueuesCommand({})));

const probeLogs: Probe = (url) =>
  withClient(new CloudWatchLogsClient(clientConfig(url)), (c) => c.send(new DescribeLogGroupsCommand({ limit: 1 })));

/** The local endpoint implements no List* call: a DescribeExecution of a missing ARN must say so. */
const probeStepFunctions: Probe = (url) =>
  withClient(new SFNClient(clientConfig(url)), async (c) => {
    try {
      await c.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:endpoint-probe:does-not-exist',
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return;
      throw error;
    }
    throw new Error('DescribeExecution of a missing execution succeeded: not the local Step Functions endpoint');
  });

/** An Invoke of a function that does not exist must answer ResourceNotFoundException (and run nothing). */
const probeLambda: Probe = (url) =>
  withClient(new LambdaClient(clientConfig(url)), async (c) => {
    try {
      await c.send(new InvokeCommand({ FunctionName: 'endpoint-probe-does-not-exist', InvocationType: 'DryRun' }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return;
      throw error;
    }
    throw new Error('Invoke of a missing function succeeded: not the local Lambda endpoint');
  });

/**
 * GET of the API's base URL: no route, so API Gateway's 404 `{"message":"Not Found"}`. Marked as
 * the probe (PROBE_HEADER), which the access log leaves out: it is no request of a person's.
 */
const probeHttpApi: Probe = async (url) => {
  const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(3000), headers: { [PROBE_HEADER]: '1' } });
  const body = (await response.json()) as { message?: unknown };
  if (response.status !== 404 || body.message !== 'Not Found') {
    throw new Error(`GET ${url}/ answered ${response.status}: not the local HTTP API`);
  }
};

/** The issuer's discovery document names the issuer itself. */
const probeIssuer: Probe = async (url) => {
  const response = await fetch(`${url}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
  const body = (await response.json()) as { issuer?: unknown };
  if (!response.ok || body.issuer !== url) throw new Error(`${url} does not serve its OpenID discovery document`);
};

/** The console's /health (the one route that needs no key) says it is the console. */
const probeConsole: Probe = async (url) => {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  const body = (await response.json()) as { service?: unknown };
  if (!response.ok || body.service !== CONSOLE_HEALTH.service) throw new Error(`${url} does not serve the console`);
};

export const ENDPOINTS: readonly EndpointSpec[] = [
  { name: 'stepfunctions', url: (runtime) => runtime.sfn.url, probe: probeStepFunctions },
  { name: 'lambda', url: (runtime) => runtime.lambdaEndpoint.url, probe: probeLambda },
  { name: 'logs', url: (runtime) => runtime.logs.url, probe: probeLogs },
  { name: 'dynamodb', url: (runtime) => runtime.stack.dynamoDb.endpoint, probe: probeDynamoDb },
  { name: 'sns', url: (runtime) => runtime.messaging.endpoint, probe: probeSns },
  { name: 'sqs', url: (runtime) => runtime.messaging.endpoint, probe: probeSqs },
  { name: 's3', url: (runtime) => runtime.messaging.endpoint, probe: probeS3 },
  { name: 'api', probe: probeHttpApi },
  { name: 'issuer', probe: probeIssuer },
  { name: 'console', probe: probeConsole },
];

/** Every endpoint a started runtime serves itself, by name (base URLs without a trailing slash). */
export function runtimeEndpoints(runtime: Runtime): Endpoints {
  return Object.fromEntries(
    ENDPOINTS.flatMap((spec) => (spec.url ? [[spec.name, spec.url(runtime).replace(/\/+$/, '')]] : [])),
  );
}

/** Names of the endpoints that did not answer their probe (one attempt each); endpoints no spec knows are skipped. */
export async function silentEndpoints(endpoints: Endpoints): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(endpoints).map(async ([name, url]) => {
      const spec = ENDPOINTS.find((candidate) => candidate.name === name);
      if (!spec) return undefined;
      try {
        await spec.probe(url);
        return undefined;
      } catch {
        return name;
      }
    }),
  );
  return results.filter((name): name is string => name !== undefined);
}

/**
 * Resolves once every endpoint answers, probing the silent ones again every `intervalMs`. Rejects
 * after `timeoutMs` with an Error naming the endpoints that never answered.
 */
export async function waitForEndpoints(
  endpoints: Endpoints,
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending: Endpoints = endpoints;
  for (;;) {
    const silent = await silentEndpoints(pending);
    if (silent.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `These endpoints did not answer within ${timeoutMs / 1000} s: ${silent.map((n) => `${n} (${endpoints[n]})`).join(', ')}`,
      );
    }
    pending = Object.fromEntries(silent.map((name) => [name, endpoints[name] ?? '']));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** What the endpoints file in a state directory says about a system already running there. */
export type EndpointsFileState =
  | { state: 'absent' }
  /** Its process is alive and every endpoint it lists answers: that system is running. */
  | { state: 'live'; file: EndpointsFile }
  /** Left by a process that is gone or no longer answers, or unreadable: safe to replace. */
  | { state: 'stale'; reason: string };

/** Reads and checks the endpoints file of `directory` (probing its endpoints once); never throws for a bad file. */
export async function inspectEndpointsFile(directory: string): Promise<EndpointsFileState> {
  let file: EndpointsFile | undefined;
  try {
    file = readEndpointsFile(directory);
  } catch (error) {
    if (error instanceof EndpointsFileError) return { state: 'stale', reason: error.message };
    throw error;
  }
  if (!file) return { state: 'absent' };
  const path = endpointsFilePath(directory);
  if (file.pid === process.pid) return { state: 'stale', reason: `${path} names this very process` };
  if (!isProcessAlive(file.pid)) return { state: 'stale', reason: `process ${file.pid} of ${path} is gone` };
  const silent = await silentEndpoints(file.endpoints);
  if (silent.length > 0) {
    return { state: 'stale', reason: `process ${file.pid} of ${path} does not answer on ${silent.join(', ')}` };
  }
  return { state: 'live', file };
}
