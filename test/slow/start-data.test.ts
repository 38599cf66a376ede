/**
 * `npm start -- --no-demo --data <dir>` as a user runs it: place an order with a long fulfilment
 * window, stop the process with Ctrl-C (SIGINT to its process group: DynamoDB Local must not go
 * before the reconciler has acted), start it again on the same data. The order is still there,
 * reconciled when the stop aborted its execution (CANCELLED, stock and payment released), and its
 * execution is listed again, ABORTED, with its history.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import type { EndpointsFile } from 'offline-aws/endpoints/file';
import {
  CLEAN_UP_TIMEOUT_MS,
  cleanUp,
  endpointsFileOf,
  npmStart,
  printed,
  READY_TIMEOUT_MS,
  STOP_TIMEOUT_MS,
  within,
  type Service,
} from './start-process';
import { PROCESS_TIMEOUT_MS } from '../support/processes';

const stateDir = mkdtempSync(join(tmpdir(), 'start-data-state-'));
// Relative, as a user types it (`--data .local/data`): DynamoDB Local runs in another directory.
mkdirSync('.local', { recursive: true });
const dataDir = mkdtempSync(join('.local', 'start-data-'));
let service: Service | undefined;
let file: EndpointsFile | undefined;
afterAll(async () => {
  await cleanUp(service, file);
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}, CLEAN_UP_TIMEOUT_MS);

const token = (): string => {
  const run = spawnSync('npm', ['run', '--silent', 'token', '--', '--sub', 'cust_1001'], {
    encoding: 'utf8',
    env: { ...process.env, LOCAL_STATE_DIR: stateDir },
    timeout: PROCESS_TIMEOUT_MS,
  });
  return run.stdout.trim().split('\n').pop() ?? '';
};

async function start(): Promise<EndpointsFile> {
  // In a process group of its own, as in a terminal: Ctrl-C reaches every process of the group.
  service = npmStart(stateDir, ['--no-demo', '--no-watch', '--data', dataDir], true);
  file = await endpointsFileOf(service, stateDir);
  return file;
}

/** Ctrl-C: SIGINT to the whole process group (npm, the server, and whatever it started). */
async function stop(): Promise<string> {
  const running = service;
  if (!running || !file) throw new Error('not started');
  process.kill(-(running.child.pid ?? 0), 'SIGINT');
  await within(running.exited, STOP_TIMEOUT_MS, 'the stop');
  file = undefined;
  return running.output();
}

it(
  'keeps the order across a restart, reconciled when the stop aborted its execution',
  async () => {
    const first = await start();
    const order = {
      currency: 'EUR',
      items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
      paymentToken: 'tok_visa',
      shippingAddress: { name: 'Ada', line1: '1 Street', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      fulfilmentWindowSeconds: 600,
    };
    const placed = await fetch(`${first.endpoints.api}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    const { orderId } = (await placed.json()) as { orderId: string };
    const sfn = (endpoint: string) =>
      new SFNClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    // In the fulfilment window: reserved, authorized and confirmed.
    await printed(service as Service, 'ConfirmOrder');
    const said = await stop();
    expect(said).toContain(
      `execution(s) end ABORTED, and the rules on that event (the reconciler) act on them: ${orderId}`,
    );
    expect(said).toMatch(/reconcileOrder ok/);

    const second = await start();
    const read = await fetch(`${second.endpoints.api}/orders/${orderId}`, {
      headers: { authorization: `Bearer ${token()}` },
    });
    expect(await read.json()).toMatchObject({ orderId, status: 'CANCELLED', reason: 'ExecutionAborted' });
    expect(await printed(service as Service, '[data] 1 executions restored')).toBeTruthy();
    const client = sfn(second.endpoints.stepfunctions ?? '');
    const { stateMachines = [] } = await client.send(new ListStateMachinesCommand({}));
    const machine = stateMachines.find((m) => m.name?.endsWith('-order-processing'));
    const { executions = [] } = await client.send(
      new ListExecutionsCommand({ stateMachineArn: machine?.stateMachineArn }),
    );
    const executionArn = executions.find((e) => e.name === orderId)?.executionArn;
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('ABORTED');
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn }));
    expect(history.events?.at(-1)?.type).toBe('ExecutionAborted');
    await stop();
  },
  READY_TIMEOUT_MS * 2,
);
