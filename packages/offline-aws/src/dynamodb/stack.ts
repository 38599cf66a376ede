/**
 * The embedded stack: DynamoDB Local with every table declared in serverless.yml, seeded from
 * the project's seed file (offline.config.ts `seed`), and process.env pointing the AWS SDK at it (AWS_ENDPOINT_URL_DYNAMODB), so the
 * real handlers run unchanged (their execution environments take the endpoints from here).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadOfflineApp } from '../app-loader';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { hostEnvironment } from '../lambda/environment';
import { startRequestCounter, type RequestCounter } from './request-counter';
import { loadServerlessConfig, resourcesOfType, type Json, type ServerlessConfig } from '../serverless/config';

export interface LocalStackOptions {
  /** Keep DynamoDB data here between runs (used by `sls invoke local`); in memory when omitted. */
  dataDirectory?: string;
  /** Load the project's seed (offline.config.ts `seed`) into tables this run creates (default true). */
  seed?: boolean;
  stage?: string;
  /** Route the SDK through a counter of DynamoDB requests (cost and benchmark figures). */
  countDynamoDbRequests?: boolean;
  /** Let this process exit while the database runs (it is still stopped on exit). */
  unref?: boolean;
  /** A database for one short command (dynamodb-local.ts `shortLived`). */
  shortLived?: boolean;
  /** Project root holding serverless.yml (default: this repository). */
  root?: string;
  /**
   * Use the DynamoDB at this endpoint (one DynamoDB Local shared by a whole test run) instead of
   * starting one; it keeps running when the stack stops.
   */
  dynamoDbEndpoint?: string;
  /**
   * Appended to every table name, so stacks sharing one database each have tables of their own.
   * Function environments that name a table name the suffixed one. With `dynamoDbEndpoint`, the
   * stack deletes the tables it created when it stops.
   */
  tableSuffix?: string;
}

export interface LocalStack {
  /** serverless.yml as this stack runs it (tables renamed by `tableSuffix`). */
  config: ServerlessConfig;
  /**
   * The database the tables are in: started by this stack, or the one given as `dynamoDbEndpoint`;
   * `pid` and `onUnexpectedExit` only for one the stack started (a supervisor watches it).
   */
  dynamoDb: Pick<DynamoDbLocal, 'endpoint'> & Partial<Pick<DynamoDbLocal, 'pid' | 'onUnexpectedExit'>>;
  /** Counts the handlers' DynamoDB requests when `countDynamoDbRequests` was set. */
  requestCounter?: RequestCounter;
  documentClient: DynamoDBDocumentClient;
  /**
   * What this process adopted from the functions' serverless.yml environments (resolved): every
   * variable the functions declaring it agree on (src/lambda/environment.ts hostEnvironment).
   * Each function sees its own variables in its own execution environments.
   */
  environment: Record<string, string>;
  /** Physical table name for a CloudFormation logical id, e.g. `InventoryTable`. */
  tableName(logicalId: string): string;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

type TableProperties = Record<string, Json>;

/** CreateTable input from a CloudFormation AWS::DynamoDB::Table (only what DynamoDB Local understands). */
export function createTableInput(properties: TableProperties): CreateTableCommandInput {
  const pick = (key: string) => properties[key] as never;
  const input: CreateTableCommandInput = {
    TableName: pick('TableName'),
    AttributeDefinitions: pick('AttributeDefinitions'),
    KeySchema: pick('KeySchema'),
    BillingMode: 'PAY_PER_REQUEST',
  };
  const indexes = properties.GlobalSecondaryIndexes;
  if (Array.isArray(indexes)) {
    input.GlobalSecondaryIndexes = indexes.map((index) => {
      const { IndexName, KeySchema, Projection } = index as Record<string, never>;
      return { IndexName, KeySchema, Projection };
    });
  }
  return input;
}

async function ensureTables(
  client: DynamoDBClient,
  documentClient: DynamoDBDocumentClient,
  config: ServerlessConfig,
  seed: Record<string, Record<string, unknown>[]>,
): Promise<void> {
  await Promise.all(
    resourcesOfType(config, 'AWS::DynamoDB::Table').map(async ([logicalId, resource]) => {
      const properties = (resource.Properties ?? {}) as TableProperties;
      const input = createTableInput(properties);
      try {
        await client.send(new DescribeTableCommand({ TableName: input.TableName }));
        return; // kept from an earlier run: keep its data too
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
      await client.send(new CreateTableCommand(input));
      const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
      if (ttl?.Enabled && ttl.AttributeName) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: input.TableName,
            TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
          }),
        );
      }
      const items = seed[logicalId] ?? [];
      for (let i = 0; i < items.length; i += 25) {
        await documentClient.send(
          new BatchWriteCommand({
            RequestItems: { [input.TableName ?? '']: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
      }
    }),
  );
}

/**
 * serverless.yml with every table renamed `<TableName><suffix>`. Functions name their tables in
 * plain environment values (`ORDERS_TABLE: <service>-<stage>-orders`), so a value equal to a table's
 * name is renamed with it; `Ref`s to a table follow the resource by themselves.
 */
export function withTableSuffix(config: ServerlessConfig, suffix: string): ServerlessConfig {
  if (!suffix) return config;
  const renamed = new Map<string, string>();
  const resources = Object.fromEntries(
    Object.entries(config.resources).map(([logicalId, resource]) => {
      const name = resource.Properties?.TableName;
      if (resource.Type !== 'AWS::DynamoDB::Table' || typeof name !== 'string') return [logicalId, resource];
      renamed.set(name, `${name}${suffix}`);
      return [logicalId, { ...resource, Properties: { ...resource.Properties, TableName: `${name}${suffix}` } }];
    }),
  );
  const functions = Object.fromEntries(
    Object.entries(config.functions).map(([name, fn]) => [
      name,
      {
        ...fn,
        environment: Object.fromEntries(
          Object.entries(fn.environment).map(([key, value]) => [
            key,
            typeof value === 'string' ? (renamed.get(value) ?? value) : value,
          ]),
        ),
      },
    ]),
  );
  return { ...config, resources, functions };
}

/**
 * The items to put in the tables a stack creates: the JSON file the project names as `seed` in
 * offline.config.ts (`{ <table logical id>: item[] }`), or none.
 * @throws Error naming the file when it names a table serverless.yml does not declare, or a value
 *   that is not a list.
 */
export async function readSeed(config: ServerlessConfig): Promise<Record<string, Record<string, unknown>[]>> {
  const { seed: file } = await loadOfflineApp(config.root);
  if (file === undefined) return {};
  return parseSeed(config, file, readSeedText(config.root, file));
}

function readSeedText(root: string, file: string): string {
  try {
    return readFileSync(resolve(root, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`offline.config.ts seed "${file}": cannot read it (${code})`, { cause: error });
  }
}

/**
 * The seed file's items by table: `{ "<table logical id>": [item, …] }`, each item an object.
 * @throws Error naming the file and what is wrong: not JSON, not an object, a table serverless.yml
 *   does not declare, a value that is not a list, an item that is not an object.
 */
export function parseSeed(
  config: ServerlessConfig,
  file: string,
  text: string,
): Record<string, Record<string, unknown>[]> {
  let seed: unknown;
  try {
    seed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) {
    throw new Error(`${file}: must be an object of tables, { "<table logical id>": [item, …] }`);
  }
  for (const [logicalId, items] of Object.entries(seed)) {
    if (config.resources[logicalId]?.Type !== 'AWS::DynamoDB::Table') {
      throw new Error(`${file}: "${logicalId}" is not a table declared in serverless.yml`);
    }
    if (!Array.isArray(items)) throw new Error(`${file}: "${logicalId}" must be a list of items`);
    const index = items.findIndex((item) => item === null || typeof item !== 'object' || Array.isArray(item));
    if (index >= 0) throw new Error(`${file}: "${logicalId}"[${index}] must be an item (an object of attributes)`);
  }
  return seed as Record<string, Record<string, unknown>[]>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const config = withTableSuffix(
    loadServerlessConfig({ stage: options.stage, root: options.root }),
    options.tableSuffix ?? '',
  );
  const environment = hostEnvironment(config);
  const seed = options.seed === false ? {} : await readSeed(config);
  const shared = options.dynamoDbEndpoint;
  const dynamoDb = shared
    ? { endpoint: shared, stop: async () => undefined }
    : await startDynamoDbLocal({
        dataDirectory: options.dataDirectory,
        unref: options.unref,
        shortLived: options.shortLived,
      });
  let requestCounter: RequestCounter | undefined;
  try {
    requestCounter = options.countDynamoDbRequests ? await startRequestCounter(dynamoDb.endpoint) : undefined;
    Object.assign(process.env, LOCAL_CREDENTIALS, environment, {
      AWS_REGION: config.region,
      AWS_ENDPOINT_URL_DYNAMODB: requestCounter?.endpoint ?? dynamoDb.endpoint,
      // Offline there is no CloudWatch to read EMF lines nor an X-Ray daemon to send traces to.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
    });
    const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: config.region });
    const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTables(client, documentClient, config, seed);
    const tableNames = Object.fromEntries(
      resourcesOfType(config, 'AWS::DynamoDB::Table').map(([id, r]) => [id, String(r.Properties?.TableName)]),
    );
    // A shared database outlives this stack: its own (suffixed) tables go with it.
    const dropTables = async () => {
      if (!shared || !options.tableSuffix) return;
      await Promise.all(
        Object.values(tableNames).map((TableName) =>
          client.send(new DeleteTableCommand({ TableName })).catch((error: unknown) => {
            if ((error as Error).name !== 'ResourceNotFoundException') throw error;
          }),
        ),
      );
    };
    return {
      config,
      dynamoDb:
        'pid' in dynamoDb
          ? { endpoint: dynamoDb.endpoint, pid: dynamoDb.pid, onUnexpectedExit: dynamoDb.onUnexpectedExit }
          : { endpoint: dynamoDb.endpoint },
      requestCounter,
      documentClient,
      environment,
      tableName(logicalId) {
        const name = tableNames[logicalId];
        if (!name) throw new Error(`No table "${logicalId}" in serverless.yml`);
        return name;
      },
      async stop() {
        try {
          await dropTables();
        } finally {
          client.destroy();
        }
        await requestCounter?.stop();
        await dynamoDb.stop();
      },
    };
  } catch (error) {
    await requestCounter?.stop();
    await dynamoDb.stop();
    throw error;
  }
}
