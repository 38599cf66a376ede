import { orderCost, type Prices } from '../../../local/cost/model';
import { FaultInjector, parseFaultSpec } from '../../../local/workflow/faults';
import { redriveCompensations, type DeadLetterQueue } from '../../../local/workflow/redrive';
import { renderBenchmarks, type BenchmarkResult } from '../../../local/bench/report';

const TASKS = ['reserveInventory', 'capturePayment'];

describe('parseFaultSpec', () => {
  it('reads function, mode and an optional count', () => {
    expect(parseFaultSpec('capturePayment:transient:2', TASKS)).toEqual({
      functionName: 'capturePayment',
      mode: 'transient',
      times: 2,
    });
    expect(parseFaultSpec('reserveInventory:timeout', TASKS).times).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['capturePayment', /expected/],
    ['nope:transient', /not a Task function/],
    ['capturePayment:flaky', /mode must be/],
    ['capturePayment:permanent:0', /times must be/],
    ['capturePayment:permanent:2:3', /expected/],
  ])('rejects %s', (text, message) => {
    expect(() => parseFaultSpec(text, TASKS)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  it('fails the named function the given number of times, then lets it run', async () => {
    const calls: string[] = [];
    const injector = new FaultInjector([{ functionName: 'capturePayment', mode: 'transient', times: 2 }]);
    const invoke = injector.wrap(async (fn) => {
      calls.push(fn);
      return 'ok';
    });
    await expect(invoke('capturePayment', {}, 'CapturePayment')).rejects.toMatchObject({ name: 'TransientError' });
    await expect(invoke('capturePayment', {}, 'CapturePayment')).rejects.toMatchObject({ name: 'TransientError' });
    await expect(invoke('capturePayment', {}, 'CapturePayment')).resolves.toBe('ok');
    await expect(invoke('reserveInventory', {}, 'ReserveInventory')).resolves.toBe('ok');
    expect(calls).toEqual(['capturePayment', 'reserveInventory']);
    expect(injector.injected.get('capturePayment')).toBe(2);
  });

  it('runs the function before reporting a timeout, and never runs it for a permanent fault', async () => {
    const calls: string[] = [];
    const invoke = async (fn: string) => {
      calls.push(fn);
      return 'ok';
    };
    const timeout = new FaultInjector([{ functionName: 'reserveInventory', mode: 'timeout', times: 1 }]).wrap(invoke);
    await expect(timeout('reserveInventory', {}, 'ReserveInventory')).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
    });
    const permanent = new FaultInjector([{ functionName: 'capturePayment', mode: 'permanent', times: 1 }]).wrap(invoke);
    await expect(permanent('capturePayment', {}, 'CapturePayment')).rejects.toMatchObject({ name: 'InjectedFault' });
    expect(calls).toEqual(['reserveInventory']);
  });

  it('refuses two faults for one function', () => {
    expect(
      () =>
        new FaultInjector([
          { functionName: 'capturePayment', mode: 'permanent', times: 1 },
          { functionName: 'capturePayment', mode: 'timeout', times: 1 },
        ]),
    ).toThrow(/more than one/);
  });
});

describe('redriveCompensations', () => {
  const ORDER_A = `ord_${'a'.repeat(32)}`;
  const ORDER_B = `ord_${'b'.repeat(32)}`;

  function queueOf(bodies: string[]): DeadLetterQueue & { removed: string[] } {
    const pending = bodies.map((body, i) => ({ body, receiptHandle: `r${i}` }));
    const removed: string[] = [];
    return {
      removed,
      async receive() {
        return pending.splice(0, 10);
      },
      async remove(handle) {
        removed.push(handle);
      },
    };
  }

  it('runs every undo step in order and deletes only what was compensated', async () => {
    const queue = queueOf([
      JSON.stringify({ orderId: ORDER_A, compensationFailure: { Error: 'X' } }),
      JSON.stringify({ orderId: ORDER_B }),
      'not json',
    ]);
    const calls: string[] = [];
    const report = await redriveCompensations(queue, async (fn, { orderId }) => {
      calls.push(`${fn}:${orderId.slice(4, 5)}`);
      if (orderId === ORDER_B && fn === 'refundPayment') throw Object.assign(new Error('still down'), { name: 'Boom' });
    });
    expect(calls).toEqual([
      'cancelShipment:a',
      'refundPayment:a',
      'releaseInventory:a',
      'cancelShipment:b',
      'refundPayment:b',
    ]);
    expect(report.redriven).toEqual([ORDER_A]);
    expect(report.failed).toEqual([
      { orderId: ORDER_B, error: 'Boom: still down' },
      { orderId: null, error: expect.stringContaining('unreadable') },
    ]);
    expect(queue.removed).toEqual(['r0']);
  });
});

describe('orderCost', () => {
  const prices: Prices = {
    asOf: '2026-01-01',
    region: 'us-east-1',
    currency: 'USD',
    source: 'test',
    stepFunctionsStandardPerStateTransition: 0.000025,
    lambdaPerRequest: 0.0000002,
    lambdaArm64PerGbSecond: 0.0000133334,
    dynamoDbPerWriteRequestUnit: 0.000000625,
    dynamoDbPerReadRequestUnit: 0.000000125,
    snsPerPublish: 0.0000005,
    sqsPerRequest: 0.0000004,
  };

  it('adds up transitions, invocations, GB-seconds, request units and publishes', () => {
    const cost = orderCost(
      {
        transitions: 12,
        lambdaInvocations: 10,
        lambdaMs: 1000,
        lambdaMemoryMb: 512,
        dynamoDbRequests: 20,
        readUnits: 10,
        writeUnits: 16,
        snsPublishes: 1,
      },
      prices,
    );
    expect(cost.stepFunctions).toBeCloseTo(0.0003, 10);
    expect(cost.lambda).toBeCloseTo(10 * 0.0000002 + 0.5 * 0.0000133334, 12);
    expect(cost.dynamoDb).toBeCloseTo(10 * 0.000000125 + 16 * 0.000000625, 12);
    expect(cost.total).toBeCloseTo(cost.stepFunctions + cost.lambda + cost.dynamoDb + cost.sns, 12);
  });
});

describe('renderBenchmarks', () => {
  it('prints the measured figures and says which goals are not met', () => {
    const result: BenchmarkResult = {
      bound_orders_per_s: 10,
      orders_per_s: 4,
      p50_ms: 100,
      p95_ms: 200,
      ratio_to_bound: 0.4,
      db: { requests_per_s: 210, requests_per_order: 21, concurrency: 16, mix: { GetItem: 10 } },
      end_to_end: { orders: 300, concurrency: 16, seconds: 75, failed: 0, orders_per_s: 4, p50_ms: 100, p95_ms: 200 },
      functions: {
        createOrder: {
          bundle_bytes: 300 * 1024,
          init_ms_bundled: 50,
          init_ms_source: 500,
          init_ratio: 0.1,
          sdk_bundled_bytes: 300 * 1024,
          init_ms_sdk_bundled: 50,
          sdk_external_bytes: 100,
          init_ms_sdk_external: 60,
        },
      },
      scenarios: {
        'happy-path': {
          status: 'SUCCEEDED',
          transitions: 12,
          lambda_invocations: 9,
          dynamodb_requests: 21,
          cost_per_million_orders_usd: 318,
        },
      },
      machine: { cpu: 'cpu', cores: 2, memory_gib: 24, node: 'v24', java: 'java 17', platform: 'linux x64' },
      date: '2026-11-26T00:00:00.000Z',
      duration_s: 100,
    };
    const page = renderBenchmarks(result);
    expect(page).toContain('**ratio_to_bound** (goal ≥ 0.5: **not met**)');
    expect(page).toContain('every bundle ≤ 200 KB (**not met**)');
    expect(page).toContain('`init_ratio` ≤ 0.3 (met)');
    expect(page).toContain('| createOrder | 300 KB | 50 ms | 500 ms | 0.1 |');
  });
});
