/**
 * Warm environments carried from one pool to the next in a process (packages/offline-aws/src/lambda/pool.ts
 * `keepWarm`, packages/offline-aws/src/lambda/warm-leftovers.ts), as a Lambda function keeps its warm execution
 * environments while its code and configuration stay the same
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html). The test suites
 * use it between the stacks of consecutive test files; anything that would make the function run
 * differently (its variables, its code, its configuration) means a cold start instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaPool, type LambdaPoolOptions } from '../../src/lambda/pool';
import { loadServerlessConfig } from '../../src/serverless/config';
import type { ProbeResult } from './fixtures/probe';

const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });
// Short: what these pools leave behind is shut down soon after the file ends.
const IDLE_MS = 3_000;

const pools: LambdaPool[] = [];
function pool(options: LambdaPoolOptions = {}, forConfig = config): LambdaPool {
  const created = new LambdaPool(forConfig, { idleTimeoutMs: IDLE_MS, ...options });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
});

const probe = (lambdas: LambdaPool) => lambdas.invoke('probeB', {}) as Promise<ProbeResult>;

/** Runs probeB once in a pool, stops it, and returns what it reported. */
async function runAndStop(options: LambdaPoolOptions = {}): Promise<ProbeResult> {
  const first = pool(options);
  const result = await probe(first);
  await first.stop();
  return result;
}

it('a later pool with keepWarm starts from the environment a stopped one left: warm, same module state', async () => {
  const before = await runAndStop({ keepWarm: true });
  const later = pool({ keepWarm: true });
  const after = await probe(later);
  expect(after.initId).toBe(before.initId);
  expect(after.served).toBe(2);
  expect(later.stats().probeB).toMatchObject({ invocations: 1, coldStarts: 0, warmStarts: 1, environments: 1 });
});

it('each environment is handed over once: two later pools do not share one', async () => {
  const before = await runAndStop({ keepWarm: true });
  const [a, b] = [pool({ keepWarm: true }), pool({ keepWarm: true })];
  const [fromA, fromB] = await Promise.all([probe(a), probe(b)]);
  expect([fromA.initId, fromB.initId]).toContain(before.initId);
  expect(fromA.initId).not.toBe(fromB.initId);
});

it('other variables (an emulator elsewhere) mean a cold start', async () => {
  const before = await runAndStop({ keepWarm: true });
  const saved = process.env.AWS_ENDPOINT_URL_SNS;
  process.env.AWS_ENDPOINT_URL_SNS = 'http://127.0.0.1:1';
  try {
    const later = pool({ keepWarm: true });
    const after = await probe(later);
    expect(after.initId).not.toBe(before.initId);
    expect(after.env.AWS_ENDPOINT_URL_SNS).toBe('http://127.0.0.1:1');
    expect(later.stats().probeB).toMatchObject({ coldStarts: 1, warmStarts: 0 });
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
    else process.env.AWS_ENDPOINT_URL_SNS = saved;
  }
});

it('another configuration of the function (its timeout) means a cold start', async () => {
  const before = await runAndStop({ keepWarm: true });
  const changed = structuredClone(config);
  const probeB = changed.functions.probeB;
  if (!probeB) throw new Error('no probeB in the fixture');
  probeB.timeout += 1;
  const after = await probe(pool({ keepWarm: true }, changed));
  expect(after.initId).not.toBe(before.initId);
});

it('without keepWarm nothing is left behind, and nothing left is taken', async () => {
  const notLeft = await runAndStop();
  expect((await probe(pool({ keepWarm: true }))).initId).not.toBe(notLeft.initId);

  const left = await runAndStop({ keepWarm: true });
  expect((await probe(pool())).initId).not.toBe(left.initId);
});

describe('the limits are the pool’s, not the environment’s', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keep-warm-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Warms sleepThenWrite in a pool with these options and stops that pool, leaving the environment. */
  async function leaveSleeper(options: LambdaPoolOptions): Promise<void> {
    const first = pool({ keepWarm: true, ...options });
    await first.invoke('sleepThenWrite', { path: join(dir, 'warm'), delayMs: 0 });
    await first.stop();
  }

  it('an environment left by a pool without timeouts is stopped at the timeout in a pool that enforces them', async () => {
    await leaveSleeper({ enforceTimeouts: false });
    const later = pool({ keepWarm: true });
    const late = join(dir, 'late');
    await expect(later.invoke('sleepThenWrite', { path: late, delayMs: 1500 })).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
    });
    expect(later.stats().sleepThenWrite).toMatchObject({ coldStarts: 0, warmStarts: 1, timeouts: 1 });
  });

  it('an environment left by a pool that enforces timeouts runs past them in a pool that does not', async () => {
    await leaveSleeper({});
    const later = pool({ keepWarm: true, enforceTimeouts: false });
    const slow = join(dir, 'slow');
    await expect(later.invoke('sleepThenWrite', { path: slow, delayMs: 1500 })).resolves.toEqual({ wrote: slow });
    expect(later.stats().sleepThenWrite).toMatchObject({ coldStarts: 0, warmStarts: 1, timeouts: 0 });
  });
});
