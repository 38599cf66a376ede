/**
 * `npm start` as a developer runs it: the system comes up, writes its endpoints file once every
 * endpoint answers, serves any AWS SDK through those endpoints, refuses a second start, and stops
 * (SIGTERM to the server, Ctrl-C, or SIGTERM to npm) with its file removed and no DynamoDB Local
 * left. Each run has its own state directory (LOCAL_STATE_DIR), so a developer's running stack is
 * never touched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { endpointsFilePath, isProcessAlive, readEndpointsFile, type EndpointsFile } from 'offline-aws/endpoints/file';
import { loadServerlessConfig, resourcesOfType } from 'offline-aws/serverless/config';
import { loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { newOrderId } from '../support/ids';
import { workflowInput } from '../support/orders';
import {
  CLEAN_UP_TIMEOUT_MS,
  cleanUp,
  dynamoDbLocalPids,
  ended,
  endpointsFileOf,
  npmStart,
  printed,
  READY_TIMEOUT_MS,
  startedInBlock,
  STOP_TIMEOUT_MS,
  within,
  type Service,
} from './start-process';

const sdk = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const config = loadServerlessConfig();

describe('npm start -- --no-demo', () => {
  let stateDir: string;
  let service: Service;
  let file: EndpointsFile;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    service = npmStart(stateDir, ['--no-demo']);
    file = await endpointsFileOf(service, stateDir);
  }, READY_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await cleanUp(service, file);
    rmSync(stateDir, { recursive: true, force: true });
  }, CLEAN_UP_TIMEOUT_MS);

  it('writes its pid and a 127.0.0.1 base URL per endpoint', async () => {
    expect(Object.keys(file.endpoints).sort()).toEqual([
      'api',
      'console',
      'dynamodb',
      'issuer',
      'lambda',
      'logs',
      's3',
      'sns',
      'sqs',
      'stepfunctions',
    ]);
    for (const url of Object.values(file.endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(isProcessAlive(file.pid)).toBe(true);
    // The block ends with how to stop it.
    expect(await printed(service, 'Stop with Ctrl-C')).toContain(`The system is running (pid ${file.pid})`);
  });

  it('serves the project tables and queues to any SDK client', async () => {
    const dynamodb = new DynamoDBClient({ ...sdk, endpoint: file.endpoints.dynamodb });
    const sqs = new SQSClient({ ...sdk, endpoint: file.endpoints.sqs });
    try {
      const tables = await dynamodb.send(new ListTablesCommand({}));
      const declared = resourcesOfType(config, 'AWS::DynamoDB::Table').map(([, t]) => String(t.Properties?.TableName));
      expect(declared.length).toBeGreaterThan(0);
      expect(tables.TableNames).toEqual(expect.arrayContaining(declared));
      const queues = await sqs.send(new ListQueuesCommand({}));
      const queueNames = resourcesOfType(config, 'AWS::SQS::Queue').map(([, q]) => String(q.Properties?.QueueName));
      expect((queues.QueueUrls ?? []).map((url) => url.split('/').pop())).toEqual(expect.arrayContaining(queueNames));
    } finally {
      dynamodb.destroy();
      sqs.destroy();
    }
  });

  it('serves the HTTP API: the printed curl example places an order with a token from npm run token', async () => {
    // One command over a few lines (the order one field a line): up to the line ending in /orders.
    const example = /^ {2}(TOKEN=\$\(npm run --silent token -- --sub \S+\) && curl [\s\S]*?\/orders)$/m.exec(
      await printed(service, 'Stop with Ctrl-C'),
    );
    expect(example?.[1]).toContain(`${file.endpoints.api}/orders`);
    const placed = spawnSync('sh', ['-c', `${example?.[1] ?? 'false'} --silent --show-error`], {
      env: { ...process.env, LOCAL_STATE_DIR: stateDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(placed.status).toBe(0);
    expect(JSON.parse(placed.stdout)).toEqual({ orderId: expect.stringMatching(/^ord_/), status: 'PENDING' });
    const anonymous = await fetch(`${file.endpoints.api}/orders`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: 'Unauthorized' });
  });

  it("starts and describes executions of the project's state machine", async () => {
    const sfn = new SFNClient({ ...sdk, endpoint: file.endpoints.stepfunctions });
    const orderId = newOrderId();
    const input = workflowInput(orderId);
    try {
      const stateMachineArn = loadWorkflowDefinition(config).stateMachineArn;
      const started = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, name: orderId, input: JSON.stringify(input) }),
      );
      expect(started.executionArn).toMatch(new RegExp(`:execution:.*:${orderId}$`));
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      expect(described).toMatchObject({ name: orderId, stateMachineArn });
      expect(['RUNNING', 'SUCCEEDED', 'FAILED']).toContain(described.status);
      expect(JSON.parse(described.input ?? '{}')).toEqual(input);
    } finally {
      sfn.destroy();
    }
  });

  it(
    'refuses a second npm start from the same state directory',
    async () => {
      const second = npmStart(stateDir, ['--no-demo']);
      const { code } = await within(second.exited, READY_TIMEOUT_MS, 'second npm start');
      expect(code).toBe(1);
      expect(second.output()).toContain(`The system is already running (pid ${file.pid})`);
      expect(readEndpointsFile(stateDir)?.pid).toBe(file.pid);
    },
    READY_TIMEOUT_MS + 10_000,
  );

  it(
    'stops on SIGTERM: exit code 0, endpoints file removed, DynamoDB Local gone',
    async () => {
      const port = new URL(file.endpoints.dynamodb ?? '').port;
      const java = dynamoDbLocalPids(port);
      expect(java).toHaveLength(1);
      process.kill(file.pid, 'SIGTERM');
      const { code } = await within(service.exited, STOP_TIMEOUT_MS, 'stop after SIGTERM');
      expect(code).toBe(0);
      expect(service.output()).toContain('stopped.');
      expect(existsSync(endpointsFilePath(stateDir))).toBe(false);
      expect(dynamoDbLocalPids(port)).toEqual([]);
      expect(java.filter(isProcessAlive)).toEqual([]);
    },
    STOP_TIMEOUT_MS + 5_000,
  );
});

describe('npm start over a stale endpoints file, stopped with Ctrl-C', () => {
  let stateDir: string;
  let service: Service | undefined;
  let file: EndpointsFile | undefined;

  afterAll(async () => {
    await cleanUp(service, file);
    rmSync(stateDir, { recursive: true, force: true });
  }, CLEAN_UP_TIMEOUT_MS);

  it(
    'replaces the file of a process that is gone, and stops on SIGINT to its process group',
    async () => {
      stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
      const gone = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
      writeFileSync(
        endpointsFilePath(stateDir),
        JSON.stringify({ pid: gone, stepfunctions: 'http://127.0.0.1:9', dynamodb: 'http://127.0.0.1:9' }),
      );
      service = npmStart(stateDir, ['--no-demo'], true);
      file = await endpointsFileOf(service, stateDir, gone);
      expect(await printed(service, 'replacing a stale endpoints file')).toContain(
        `replacing a stale endpoints file: process ${gone}`,
      );

      const port = new URL(file.endpoints.dynamodb ?? '').port;
      expect(dynamoDbLocalPids(port)).toHaveLength(1);
      process.kill(-(service.child.pid ?? 0), 'SIGINT'); // what a terminal does on Ctrl-C
      const ended = await within(service.exited, STOP_TIMEOUT_MS, 'stop after Ctrl-C');
      // The script execs the server (no shell in between), so npm reports the server's clean exit.
      expect(ended).toEqual({ code: 0, signal: null });
      expect(service.output()).toContain('stopped.');
      expect(existsSync(endpointsFilePath(stateDir))).toBe(false);
      expect(dynamoDbLocalPids(port)).toEqual([]);
    },
    READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 10_000,
  );
});

describe('npm start, with SIGTERM sent to npm itself', () => {
  let stateDir: string;
  let service: Service | undefined;
  let file: EndpointsFile | undefined;

  afterAll(async () => {
    await cleanUp(service, file);
    rmSync(stateDir, { recursive: true, force: true });
  }, CLEAN_UP_TIMEOUT_MS);

  it(
    'stops cleanly and npm exits 0: the script execs the server, so the signal npm passes on reaches it',
    async () => {
      stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
      service = npmStart(stateDir, ['--no-demo']);
      const started = await endpointsFileOf(service, stateDir);
      file = started;
      const port = new URL(started.endpoints.dynamodb ?? '').port;
      expect(dynamoDbLocalPids(port)).toHaveLength(1);
      service.child.kill('SIGTERM');
      expect(await within(service.exited, STOP_TIMEOUT_MS, 'npm exit')).toEqual({ code: 0, signal: null });
      expect(service.output()).toContain('SIGTERM: stopping the system');
      expect(await ended(started.pid, STOP_TIMEOUT_MS)).toBe(true);
      expect(existsSync(endpointsFilePath(stateDir))).toBe(false);
      expect(dynamoDbLocalPids(port)).toEqual([]);
    },
    READY_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS + 10_000,
  );
});

describe('npm start killed outright (SIGKILL: no exit hook runs)', () => {
  const start = startedInBlock();

  it(
    'leaves no DynamoDB Local behind: it ends when the server that started it is gone',
    async () => {
      const { file } = await start(['--no-demo', '--no-watch']);
      const port = new URL(file.endpoints.dynamodb ?? '').port;
      expect(dynamoDbLocalPids(port)).toHaveLength(1);
      process.kill(file.pid, 'SIGKILL');
      expect(await ended(file.pid, STOP_TIMEOUT_MS)).toBe(true);
      for (let i = 0; i < 100 && dynamoDbLocalPids(port).length > 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(dynamoDbLocalPids(port)).toEqual([]);
    },
    READY_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS + 10_000,
  );
});
