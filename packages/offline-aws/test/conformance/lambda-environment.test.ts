/**
 * Conformance of the offline execution environments (packages/offline-aws/src/lambda/pool.ts) with Lambda's, each
 * test naming the AWS documentation page it follows. The functions are test-only fixtures
 * (test/conformance/fixtures/serverless.yml), run through the same pool class as the services.
 * No database: these tests start no java process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostEnvironment } from '../../src/lambda/environment';
import { LambdaPool, type LambdaPoolOptions } from '../../src/lambda/pool';
import { loadServerlessConfig } from '../../src/serverless/config';
import type { ProbeEvent, ProbeResult } from './fixtures/probe';
import { PROCESS_TIMEOUT_MS } from '../../src/testing';

const DOCS = 'https://docs.aws.amazon.com/lambda/latest/dg';
const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });

const pools: LambdaPool[] = [];
function pool(options: LambdaPoolOptions = {}): LambdaPool {
  const created = new LambdaPool(config, options);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
});

const probe = (lambdas: LambdaPool, functionName: string, event: ProbeEvent = {}) =>
  lambdas.invoke(functionName, event) as Promise<ProbeResult>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`environment variables (${DOCS}/configuration-envvars-runtime.html)`, () => {
  it('a function sees only its own variables plus the ones Lambda defines', async () => {
    process.env.HOST_ONLY_MARKER = 'the host process, not a function';
    const lambdas = pool();
    const [a, b] = await Promise.all([probe(lambdas, 'probeA'), probe(lambdas, 'probeB')]);

    // Two functions, one variable name, two values: each sees its own.
    expect(a.env).toMatchObject({ TABLE_NAME: 'table-a', ONLY_IN_A: 'a', SHARED_SETTING: 'from-provider' });
    expect(b.env).toMatchObject({ TABLE_NAME: 'table-b', SHARED_SETTING: 'from-provider' });
    expect(b.env).not.toHaveProperty('ONLY_IN_A');

    const lambdaDefined = [
      ...['_HANDLER', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME'],
      ...['AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE'],
      ...['AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR'],
      ...['AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
      ...['TZ', 'LANG', 'PATH'],
    ];
    // Offline only: the emulators' endpoints and the caller's Powertools choices (logs, metrics, tracing).
    const offline = Object.keys(process.env).filter(
      (k) => k.startsWith('AWS_ENDPOINT_URL') || k.startsWith('POWERTOOLS_'),
    );
    const expected = (own: string[]) =>
      [
        ...new Set([...own, ...lambdaDefined, ...offline, 'POWERTOOLS_METRICS_DISABLED', 'POWERTOOLS_TRACE_ENABLED']),
      ].sort();
    expect(Object.keys(a.env).sort()).toEqual(expected(['TABLE_NAME', 'ONLY_IN_A', 'SHARED_SETTING']));
    expect(Object.keys(b.env).sort()).toEqual(expected(['TABLE_NAME', 'SHARED_SETTING']));
    expect(a.env).not.toHaveProperty('HOST_ONLY_MARKER');
    delete process.env.HOST_ONLY_MARKER;

    expect(a.env).toMatchObject({
      _HANDLER: 'probe.handler',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'lambda-conformance-dev-probeA',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/lambda-conformance-dev-probeA',
      LANG: 'en_US.UTF-8',
    });
    expect(b.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('512'); // provider.memorySize
    expect(a.env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    // The handler file is where _HANDLER says, under LAMBDA_TASK_ROOT (the bundle, as deployed).
    expect(existsSync(join(a.env.LAMBDA_TASK_ROOT ?? '', 'probe.cjs'))).toBe(true);
  });

  it('the host process keeps the variables the functions agree on, and no longer refuses the others', () => {
    const host = hostEnvironment(config);
    expect(host).toMatchObject({ SHARED_SETTING: 'from-provider', ONLY_IN_A: 'a' });
    expect(host).not.toHaveProperty('TABLE_NAME');
  });

  it('TZ is :UTC and the function computes dates in UTC, whatever the time zone the host started in', () => {
    // Worker threads share their process's time zone, so the pool puts the host in UTC; shown in a
    // process of its own started in Auckland (UTC+13 in January).
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'time-zone.ts')],
      {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'Pacific/Auckland', POWERTOOLS_LOG_LEVEL: 'SILENT' },
        timeout: PROCESS_TIMEOUT_MS,
      },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ hostOffsetBefore: -780, timeZone: 'UTC', offset: 0, tz: ':UTC' });
  });
});

describe(`the context object (${DOCS}/nodejs-context.html)`, () => {
  it('reports the configured memory, the function-level or provider-level timeout, ARN and request id', async () => {
    const lambdas = pool();
    const [a, b] = await Promise.all([probe(lambdas, 'probeA'), probe(lambdas, 'probeB')]);
    expect(a.context).toMatchObject({
      functionName: 'lambda-conformance-dev-probeA',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:lambda-conformance-dev-probeA',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/lambda-conformance-dev-probeA',
      logStreamName: a.env.AWS_LAMBDA_LOG_STREAM_NAME,
    });
    expect(a.context.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(b.context.memoryLimitInMB).toBe('512');
    // Remaining time counts down from the timeout: probeA sets 2 s, probeB takes provider.timeout (4 s).
    expect(a.context.remainingMs).toBeLessThanOrEqual(2000);
    expect(a.context.remainingMs).toBeGreaterThan(1000);
    expect(b.context.remainingMs).toBeLessThanOrEqual(4000);
    expect(b.context.remainingMs).toBeGreaterThan(3000);
  });
});

describe(`function errors (${DOCS}/nodejs-exceptions.html)`, () => {
  it('a thrown error reaches the caller as errorType, errorMessage and trace, without its own fields', async () => {
    const lambdas = pool();
    const error = await lambdas.invoke('probeB', { fail: 'thrown' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      name: 'OrderLost',
      message: 'Order ord_lost was lost',
      errorType: 'OrderLost',
      errorMessage: 'Order ord_lost was lost',
    });
    expect(error).not.toHaveProperty('orderId');
    expect((error as { trace: string[] }).trace[0]).toBe('OrderLost: Order ord_lost was lost');
    // A function error leaves the environment in service: the next invocation is warm.
    await probe(lambdas, 'probeB');
    expect(lambdas.stats().probeB).toMatchObject({ invocations: 2, errors: 1, coldStarts: 1, warmStarts: 1 });
  });

  it('an unhandled promise rejection fails the invocation and ends the environment', async () => {
    const lambdas = pool();
    await expect(lambdas.invoke('probeB', { fail: 'unhandled' })).rejects.toMatchObject({
      name: 'Runtime.UnhandledPromiseRejection',
      message: 'TypeError: nobody waits for this promise',
    });
    await probe(lambdas, 'probeB');
    expect(lambdas.stats().probeB).toMatchObject({ errors: 1, coldStarts: 2, warmStarts: 0 });
  });
});

describe(`memory (${DOCS}/configuration-memory.html)`, () => {
  it('an environment that holds more than its memorySize on the JS heap fails with Runtime.OutOfMemory', async () => {
    const lambdas = pool();
    await expect(lambdas.invoke('memoryHog', { mb: 16 })).resolves.toEqual({ heldMb: 16 });
    await expect(lambdas.invoke('memoryHog', { mb: 512 })).rejects.toMatchObject({
      name: 'Runtime.OutOfMemory',
      message: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed$/),
    });
    expect(lambdas.stats().memoryHog).toMatchObject({ errors: 1, environments: 0 });
  });
});

describe(`timeouts (${DOCS}/configuration-timeout.html, ${DOCS}/lambda-runtime-environment.html)`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-timeout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a handler stopped at its timeout writes nothing afterwards, and the next invocation gets a new environment', async () => {
    const lambdas = pool();
    const late = join(dir, 'late');
    await expect(lambdas.invoke('sleepThenWrite', { path: late, delayMs: 1500 })).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
      message: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.\d\d seconds$/),
    });
    await sleep(1000); // past the moment the handler would have written
    expect(existsSync(late)).toBe(false);

    // The control: within the timeout the same handler does write; it runs in a fresh environment.
    const inTime = join(dir, 'in-time');
    await expect(lambdas.invoke('sleepThenWrite', { path: inTime, delayMs: 50 })).resolves.toEqual({ wrote: inTime });
    expect(existsSync(inTime)).toBe(true);
    expect(lambdas.stats().sleepThenWrite).toMatchObject({ invocations: 2, timeouts: 1, errors: 1, coldStarts: 2 });
  });
});

describe(`execution environments (${DOCS}/lambda-runtime-environment.html, ${DOCS}/lambda-concurrency.html)`, () => {
  it('two concurrent invocations run in two environments and do not share module state', async () => {
    // Each answers only once both are in flight (they meet): neither can wait for the other's
    // environment, however long an Init takes on a loaded machine.
    const lambdas = pool({ initConcurrency: 2 });
    const meet = { dir: mkdtempSync(join(tmpdir(), 'lambda-meet-')), peers: 2 };
    const [first, second] = await Promise.all([
      probe(lambdas, 'probeB', { id: 'first', meet }),
      probe(lambdas, 'probeB', { id: 'second', meet }),
    ]).finally(() => rmSync(meet.dir, { recursive: true, force: true }));
    expect(first.idAfterDelay).toBe('first');
    expect(second.idAfterDelay).toBe('second');
    expect(first.initId).not.toBe(second.initId);
    expect(lambdas.stats().probeB).toMatchObject({ coldStarts: 2, peakEnvironments: 2 });
  });

  it('a new environment runs init (a cold start), an idle one is reused (warm) until retired', async () => {
    const lambdas = pool({ idleTimeoutMs: 400 });
    const cold = await probe(lambdas, 'probeB');
    const warm = await probe(lambdas, 'probeB');
    expect(warm.initId).toBe(cold.initId);
    expect(warm.served).toBe(2);
    const stats = lambdas.stats().probeB;
    expect(stats).toMatchObject({ invocations: 2, coldStarts: 1, warmStarts: 1, environments: 1 });
    expect(stats?.initDurationMs).toBeGreaterThan(0);

    await sleep(800); // idle past idleTimeoutMs: the environment is shut down
    expect(lambdas.stats().probeB?.environments).toBe(0);
    const again = await probe(lambdas, 'probeB');
    expect(again.initId).not.toBe(cold.initId);
    expect(again.served).toBe(1);
    expect(lambdas.stats().probeB).toMatchObject({ coldStarts: 2, warmStarts: 1 });
  });

  it('beyond reservedConcurrency an invocation is throttled with TooManyRequestsException', async () => {
    const lambdas = pool();
    const results = await Promise.allSettled([
      probe(lambdas, 'reservedOne', { delayMs: 300 }),
      probe(lambdas, 'reservedOne', { delayMs: 300 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ name: 'TooManyRequestsException', message: 'Rate Exceeded.' });
    expect(lambdas.stats().reservedOne).toMatchObject({ throttles: 1, coldStarts: 1 });
  });

  it('offline, beyond the pool concurrency (no reservedConcurrency) invocations queue for a free environment', async () => {
    const lambdas = pool({ concurrency: 1 });
    const [first, second] = await Promise.all([
      probe(lambdas, 'probeB', { id: 'first', delayMs: 200 }),
      probe(lambdas, 'probeB', { id: 'second', delayMs: 200 }),
    ]);
    expect([first.idAfterDelay, second.idAfterDelay]).toEqual(['first', 'second']);
    expect(second.initId).toBe(first.initId);
    expect(lambdas.stats().probeB).toMatchObject({ coldStarts: 1, warmStarts: 1, peakEnvironments: 1 });
  });
});
