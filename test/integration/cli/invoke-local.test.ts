/**
 * `npx sls invoke local` offline, as a user runs it on a fresh clone: the project plugin brings the
 * embedded stack up, state persists between invocations, bad input gets a clear error, an order
 * runs its workflow, and no DynamoDB Local (java) process is left behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'invoke-local-'));
// A state directory of its own: a developer's running `npm start` must not be joined here.
const stateDir = mkdtempSync(join(tmpdir(), 'invoke-local-state-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

function invokeLocal(fn: string, eventFile: string) {
  const run = spawnSync('npx', ['sls', 'invoke', 'local', '-f', fn, '-p', eventFile], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, OFFLINE_DATA_DIR: dataDir, LOCAL_STATE_DIR: stateDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The framework prints the handler's result as indented JSON at the end of stdout. */
function resultOf(stdout: string): Record<string, unknown> {
  const start = stdout.lastIndexOf('\n{');
  return JSON.parse(stdout.slice(start === -1 ? stdout.indexOf('{') : start)) as Record<string, unknown>;
}

function javaProcessesFor(dir: string): string {
  try {
    return execFileSync('pgrep', ['-af', `dbPath ${dir}`], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

it('reserves, releases and reserves again across invocations', () => {
  const first = invokeLocal('reserveInventory', 'events/reserveInventory/valid.json');
  expect(first.code).toBe(0);
  expect(resultOf(first.stdout)).toMatchObject({ status: 'RESERVED' });

  const release = invokeLocal('releaseInventory', 'events/releaseInventory/valid.json');
  const released = resultOf(release.stdout);
  expect(released).toMatchObject({ status: 'RELEASED' });
  expect(released.lines).toEqual(expect.arrayContaining([expect.objectContaining({ sku: expect.any(String) })]));

  // The same order was released: a late reservation for it cannot take stock (state persisted).
  const again = invokeLocal('reserveInventory', 'events/reserveInventory/valid.json');
  expect(resultOf(again.stdout)).toMatchObject({ status: 'RELEASED' });
  expect(javaProcessesFor(dataDir)).toBe('');
}, 300_000);

it('rejects a bad Task input with a named ValidationError', () => {
  const { code, stdout, stderr } = invokeLocal(
    'reserveInventory',
    'events/reserveInventory/invalid-negative-quantity.json',
  );
  expect(code).not.toBe(0);
  expect(`${stdout}${stderr}`).toContain('ValidationError');
}, 120_000);

it('places an order and runs its workflow to the end', () => {
  const { code, stdout, stderr } = invokeLocal('createOrder', 'events/createOrder/valid.json');
  expect(code).toBe(0);
  expect(resultOf(stdout)).toMatchObject({ statusCode: 202 });
  expect(stderr).toMatch(/workflow ord_[a-z0-9]{32}: AssessRisk .* PublishOrderCompleted\n\s+→ SUCCEEDED/);
  expect(javaProcessesFor(dataDir)).toBe('');
}, 120_000);
