/**
 * The emulator's port across restarts with a data directory (src/messaging/port.ts): the last
 * start's port again when it is free, so a restored queue's URL (which names it) stays right.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTheSamePort } from '../../src/messaging/port';

let dir: string;
const servers: Server[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'messaging-port-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

/** Listens on 127.0.0.1:`port` (0: a free one), as the emulator does; what it got. */
async function listen(port: number): Promise<{ port: number }> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { port: (server.address() as { port: number }).port };
}

/** A start that records the port it was asked for. */
function recording() {
  const asked: number[] = [];
  return { asked, start: (port: number) => (asked.push(port), listen(port)) };
}

const kept = () => Number(readFileSync(join(dir, 'port'), 'utf8'));

it('without a data directory: a free port, nothing kept', async () => {
  const { asked, start } = recording();
  await onTheSamePort({}, start);
  expect(asked).toEqual([0]);
});

it('a given port wins', async () => {
  const { port } = await listen(0);
  await new Promise((resolve) => servers.pop()?.close(resolve));
  const { asked, start } = recording();
  await expect(onTheSamePort({ port, dataDirectory: dir }, start)).resolves.toEqual({ port });
  expect(asked).toEqual([port]);
});

it('keeps the port it got, and takes it again at the next start while it is free', async () => {
  const first = await onTheSamePort({ dataDirectory: dir }, (port) => listen(port));
  expect(kept()).toBe(first.port);
  await new Promise((resolve) => servers.pop()?.close(resolve));
  const { asked, start } = recording();
  await expect(onTheSamePort({ dataDirectory: dir }, start)).resolves.toEqual({ port: first.port });
  expect(asked).toEqual([first.port]);
});

it('takes a free port when the kept one is busy, and keeps that one', async () => {
  const busy = await listen(0);
  writeFileSync(join(dir, 'port'), String(busy.port));
  const { asked, start } = recording();
  const got = await onTheSamePort({ dataDirectory: dir }, start);
  expect(asked).toEqual([0]);
  expect(got.port).not.toBe(busy.port);
  expect(kept()).toBe(got.port);
});

it('takes a free port when the kept one is taken between the check and the start', async () => {
  writeFileSync(join(dir, 'port'), '45678');
  const asked: number[] = [];
  const start = (port: number) => {
    asked.push(port);
    return port === 0 ? listen(0) : Promise.reject(Object.assign(new Error('busy'), { code: 'EADDRINUSE' }));
  };
  await onTheSamePort({ dataDirectory: dir }, start);
  expect(asked).toEqual([45678, 0]);
});

it.each(['', 'x', '0', '70000', '1.5'])('ignores a kept port file that holds %j', async (text) => {
  writeFileSync(join(dir, 'port'), text);
  const { asked, start } = recording();
  await onTheSamePort({ dataDirectory: dir }, start);
  expect(asked).toEqual([0]);
});
