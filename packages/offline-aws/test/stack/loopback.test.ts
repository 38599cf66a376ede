/**
 * Every listener of the stack is on the loopback interface: the local AWS endpoints, the emulators
 * (DynamoDB Local and the SNS/SQS emulator, which have no authentication), the HTTP API, the
 * issuer and the console. Read from /proc as `ss -ltnp` would show them (Linux only).
 */
import { join } from 'node:path';
import { startConsole, type ConsoleServer } from '../../src/console/server';
import { startLocalApi, type LocalApi } from '../../src/http-api/local-api';
import { runtimeEndpoints } from '../../src/endpoints/probes';
import { startRuntime, type Runtime } from '../../src/runtime';
import { CapturedLines, send } from '../../src/testing';
import { available, isLoopback, listeningSockets } from '../support/listening-sockets';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'tiny-project');
const sharedDynamoDb = process.env.TEST_DYNAMODB_ENDPOINT;

// The stack's own lines, kept rather than printed.
const said = new CapturedLines();
let runtime: Runtime;
let api: LocalApi;
let consoleServer: ConsoleServer;

beforeAll(async () => {
  runtime = await startRuntime({
    root: ROOT,
    stage: 'test',
    ...(sharedDynamoDb ? { dynamoDbEndpoint: sharedDynamoDb, tableSuffix: `-${process.pid}-loopback` } : {}),
    log: { print: said.print, directory: false },
  });
  api = await startLocalApi({ config: runtime.stack.config, invoke: runtime.invoke, print: said.print });
  consoleServer = await startConsole({
    runtime,
    api: { url: api.endpoints.api, mintToken: (request) => api.issuer.mintToken(request) },
  });
});

afterAll(async () => {
  await consoleServer?.stop();
  await api?.stop();
  await runtime?.stop();
});

const portOf = (url: string) => Number(new URL(url).port);

(available ? it : it.skip)('listens on 127.0.0.1 only, the emulators included', () => {
  const endpoints = { ...runtimeEndpoints(runtime), ...api.endpoints, console: consoleServer.url };
  const ports = Object.values(endpoints).map(portOf);
  const sockets = listeningSockets({ pids: [process.pid], ports });
  // Every endpoint was found listening (the check would pass vacuously otherwise).
  for (const [name, url] of Object.entries(endpoints)) {
    expect({ name, listening: sockets.some((socket) => socket.port === portOf(url)) }).toEqual({
      name,
      listening: true,
    });
  }
  expect(sockets.filter((socket) => !isLoopback(socket.address))).toEqual([]);
});

it('serves its own endpoints only under loopback names: another Host (DNS rebinding) is refused 403 before anything runs', async () => {
  const ours = {
    stepfunctions: runtime.sfn.url,
    lambda: runtime.lambdaEndpoint.url,
    logs: runtime.logs.url,
    ...api.endpoints,
    console: consoleServer.url,
  };
  for (const [name, url] of Object.entries(ours)) {
    const port = portOf(url);
    const foreign = await send(`${url}/`, { method: 'POST', headers: { host: `rebound.example:${port}` }, body: '{}' });
    expect({ name, status: foreign.status }).toEqual({ name, status: 403 });
    const local = await send(`${url}/`, { method: 'POST', headers: { host: `localhost:${port}` }, body: '{}' });
    expect({ name, refused: local.status === 403 }).toEqual({ name, refused: false });
  }
});

it('tells loopback from other addresses as ss prints them', () => {
  expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
  expect(['0.0.0.0', '::', '192.168.1.4', '::ffff:10.0.0.1'].some(isLoopback)).toBe(false);
});
