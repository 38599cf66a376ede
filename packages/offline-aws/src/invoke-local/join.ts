/**
 * `sls invoke local` with `npm start` running: the invocation joins that stack instead of starting
 * its own. The running system is found through its endpoints file (`.local/endpoints.json`, or
 * under LOCAL_STATE_DIR: src/endpoints/file.ts), which a live system writes once every endpoint
 * answers and removes when it stops. Joining needs its process alive, its DynamoDB answering and
 * every table serverless.yml declares (for this stage) there; otherwise the caller starts its own
 * stack. Only DynamoDB is asked (not endpoints/probes.ts, which would load every service's client
 * into this fast path).
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { isProcessAlive, readEndpointsFile, stateDirectory, type EndpointsFile } from '../endpoints/file';
import { resourcesOfType, type ServerlessConfig } from '../serverless/config';

export type JoinDecision = { join: true; file: EndpointsFile } | { join: false; reason?: string };

/** Table names of the running DynamoDB (all pages). */
async function tableNames(endpoint: string, region: string): Promise<Set<string>> {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const names = new Set<string>();
  try {
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      for (const name of page.TableNames ?? []) names.add(name);
      start = page.LastEvaluatedTableName;
    } while (start);
  } finally {
    client.destroy();
  }
  return names;
}

/**
 * Whether a running local stack serves `config`. Never throws: a stale or unreadable file, or a
 * stack of another stage, is a reason not to join.
 */
export async function decideJoin(config: ServerlessConfig, root: string): Promise<JoinDecision> {
  let file: EndpointsFile | undefined;
  try {
    file = readEndpointsFile(stateDirectory(process.env, root));
  } catch (error) {
    return { join: false, reason: (error as Error).message };
  }
  if (!file) return { join: false };
  if (!isProcessAlive(file.pid)) return { join: false, reason: `a stale endpoints file (process ${file.pid} is gone)` };
  const { endpoints } = file;
  const needed = ['dynamodb', 'sns', 'sqs', 'stepfunctions'].filter((name) => !endpoints[name]);
  if (needed.length > 0) return { join: false, reason: `the running stack lists no ${needed.join(', ')} endpoint` };
  try {
    const existing = await tableNames(endpoints.dynamodb ?? '', config.region);
    const missing = resourcesOfType(config, 'AWS::DynamoDB::Table')
      .map(([, table]) => String(table.Properties?.TableName))
      .filter((name) => !existing.has(name));
    if (missing.length > 0) {
      return { join: false, reason: `the running stack has no table ${missing.join(', ')} (another stage?)` };
    }
  } catch (error) {
    return { join: false, reason: `its DynamoDB did not answer (${(error as Error).message})` };
  }
  return { join: true, file };
}

/** The variables that point a function at the running stack's endpoints. */
export function joinedEnvironment(file: EndpointsFile): Record<string, string> {
  const { endpoints } = file;
  const variables: Record<string, string | undefined> = {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoints.logs,
  };
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => !!entry[1]));
}
