import { orderCost, type Prices } from '../../../tools/cost/model';
import { FaultInjector, parseFaultSpec, type FaultTargets } from '../../../local/workflow/faults';
import { redriveDeadLetters, type DeadLetterQueue } from '../../../local/workflow/redrive';
import {
  keptSections,
  KEPT_SECTIONS_MARKER,
  renderBenchmarks,
  type BenchmarkResult,
} from '../../../tools/bench/report';

const TARGETS: FaultTargets = {
  states: new Map([
    ['ConfirmOrder', { functionName: 'updateOrderStatus', kind: 'lambda' }],
    ['CompleteOrder', { functionName: 'updateOrderStatus', kind: 'lambda' }],
    ['CapturePayment', { functionName: 'capturePayment', kind: 'lambda' }],
    ['PublishOrderCompleted', { kind: 'sns:publish' }],
    ['SendToDeadLetterQueue', { kind: 'sqs:sendMessage' }],
  ]),
};

describe('parseFaultSpec', () => {
  it('reads a function or a state, the mode and an optional count', () => {
    expect(parseFaultSpec('capturePayment:transient:2', TARGETS)).toEqual({
      target: 'capturePayment',
      mode: 'transient',
      times: 2,
    });
    expect(parseFaultSpec('CompleteOrder:timeout', TARGETS)).toEqual({
      target: 'CompleteOrder',
      mode: 'timeout',
      times: Number.POSITIVE_INFINITY,
    });
    expect(parseFaultSpec('PublishOrderCompleted:permanent', TARGETS).target).toBe('PublishOrderCompleted');
  });

  it('reads after:<ErrorName> with and without a count', () => {
    expect(parseFaultSpec('CompleteOrder:after:Lambda.Unknown:1', TARGETS)).toEqual({
      target: 'CompleteOrder',
      mode: 'after',
      error: 'Lambda.Unknown',
      times: 1,
    });
    expect(parseFaultSpec('CompleteOrder:after:Lambda.Unknown', TARGETS).times).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['capturePayment', /expected/],
    ['nope:transient', /neither a Task state nor a Task function/],
    ['AssessRisk:transient', /neither a Task state/],
    ['capturePayment:flaky', /mode must be/],
    ['capturePayment:permanent:0', /times must be/],
    ['capturePayment:permanent:2:3', /expected/],
    ['CompleteOrder:after', /after needs the error/],
    ['CompleteOrder:after:', /after needs the error/],
    ['CompleteOrder:after:States.ALL', /not States.ALL/],
    ['CompleteOrder:after:bad name', /after needs the error/],
    ['CompleteOrder:after:Lambda.Unknown:x', /times must be/],
    ['CompleteOrder:after:Lambda.Unknown:1:2', /expected/],
  ])('rejects %s', (text, message) => {
    expect(() => parseFaultSpec(text, TARGETS)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  const site = (stateName: string, functionName?: string, kind = 'lambda') => ({
    stateName,
    kind,
    ...(functionName ? { functionName } : {}),
  });

  it('fails the named function the given number of times, then lets it run', async () => {
    const calls: string[] = [];
    const injector = new FaultInjector([{ target: 'capturePayment', mode: 'transient', times: 2 }]);
    const call = (name: string) => async () => {
      calls.push(name);
      return 'ok';
    };
    const capture = site('CapturePayment', 'capturePayment');
    await expect(injector.apply(capture, call('capture'))).rejects.toMatchObject({ name: 'TransientError' });
    await expect(injector.apply(capture, call('capture'))).rejects.toMatchObject({ name: 'TransientError' });
    await expect(injector.apply(capture, call('capture'))).resolves.toBe('ok');
    await expect(injector.apply(site('ReserveInventory', 'reserveInventory'), call('reserve'))).resolves.toBe('ok');
    expect(calls).toEqual(['capture', 'reserve']);
    expect(injector.injected.get('capturePayment')).toBe(2);
  });

  it('aims at one state, not the other states calling the same function', async () => {
    const injector = new FaultInjector([{ target: 'CompleteOrder', mode: 'permanent', times: 1 }]);
    const ok = async () => 'ok';
    await expect(injector.apply(site('ConfirmOrder', 'updateOrderStatus'), ok)).resolves.toBe('ok');
    await expect(injector.apply(site('CompleteOrder', 'updateOrderStatus'), ok)).rejects.toMatchObject({
      name: 'InjectedFault',
    });
  });

  it('prefers the state fault over the function fault', async () => {
    const injector = new FaultInjector([
      { target: 'updateOrderStatus', mode: 'transient', times: 1 },
      { target: 'CompleteOrder', mode: 'permanent', times: 1 },
    ]);
    const ok = async () => 'ok';
    await expect(injector.apply(site('CompleteOrder', 'updateOrderStatus'), ok)).rejects.toMatchObject({
      name: 'InjectedFault',
    });
    await expect(injector.apply(site('CompleteOrder', 'updateOrderStatus'), ok)).rejects.toMatchObject({
      name: 'TransientError',
    });
    await expect(injector.apply(site('CompleteOrder', 'updateOrderStatus'), ok)).resolves.toBe('ok');
  });

  it('runs the call before a timeout or an after:<Error>, and never for a permanent or transient fault', async () => {
    const calls: string[] = [];
    const call = (name: string) => async () => {
      calls.push(name);
      return 'ok';
    };
    const injector = new FaultInjector([
      { target: 'ReserveInventory', mode: 'timeout', times: 1 },
      { target: 'CompleteOrder', mode: 'after', error: 'Lambda.Unknown', times: 1 },
      { target: 'CapturePayment', mode: 'permanent', times: 1 },
      { target: 'ConfirmOrder', mode: 'transient', times: 1 },
    ]);
    await expect(injector.apply(site('ReserveInventory', 'reserveInventory'), call('reserve'))).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
    });
    await expect(injector.apply(site('CompleteOrder', 'updateOrderStatus'), call('complete'))).rejects.toMatchObject({
      name: 'Lambda.Unknown',
    });
    await expect(injector.apply(site('CapturePayment', 'capturePayment'), call('capture'))).rejects.toMatchObject({
      name: 'InjectedFault',
    });
    await expect(injector.apply(site('ConfirmOrder', 'updateOrderStatus'), call('confirm'))).rejects.toMatchObject({
      name: 'TransientError',
    });
    expect(calls).toEqual(['reserve', 'complete']);
  });

  it('fails integrations with their service errors', async () => {
    const injector = new FaultInjector([
      { target: 'PublishOrderCompleted', mode: 'transient', times: 1 },
      { target: 'SendToDeadLetterQueue', mode: 'transient', times: 1 },
    ]);
    const ok = async () => 'ok';
    await expect(injector.apply(site('PublishOrderCompleted', undefined, 'sns:publish'), ok)).rejects.toMatchObject({
      name: 'SNS.InternalErrorException',
    });
    await expect(injector.apply(site('SendToDeadLetterQueue', undefined, 'sqs:sendMessage'), ok)).rejects.toMatchObject(
      { name: 'SQS.InternalError' },
    );
    const timeout = new FaultInjector([{ target: 'PublishOrderCompleted', mode: 'timeout', times: 1 }]);
    await expect(timeout.apply(site('PublishOrderCompleted', undefined, 'sns:publish'), ok)).rejects.toMatchObject({
      name: 'States.Timeout',
    });
  });

  it('refuses two faults for one target', () => {
    expect(
      () =>
        new FaultInjector([
          { target: 'capturePayment', mode: 'permanent', times: 1 },
          { target: 'capturePayment', mode: 'timeout', times: 1 },
        ]),
    ).toThrow(/more than one/);
  });
});

describe('redriveDeadLetters', () => {
  const ORDER_A = `ord_${'a'.repeat(32)}`;
  const ORDER_B = `ord_${'b'.repeat(32)}`;
  const ORDER_C = `ord_${'c'.repeat(32)}`;
  const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:events';

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

  it('compensates, marks and announces; completes forward; deletes only what was finished', async () => {
    const queue = queueOf([
      JSON.stringify({
        orderId: ORDER_A,
        customerId: 'cust_1',
        failure: { Error: 'ShippingUnavailable' },
        compensationFailure: { Error: 'X' },
        topicArn: TOPIC,
      }),
      JSON.stringify({ orderId: ORDER_B }),
      JSON.stringify({
        action: 'complete',
        orderId: ORDER_C,
        customerId: 'cust_3',
        total: { amount: 100, currency: 'EUR' },
        topicArn: TOPIC,
      }),
      'not json',
    ]);
    const calls: string[] = [];
    const published: unknown[] = [];
    const report = await redriveDeadLetters(
      queue,
      async (fn, payload) => {
        calls.push(`${fn}:${payload.orderId.slice(4, 5)}${'status' in payload ? `:${String(payload.status)}` : ''}`);
        if (payload.orderId === ORDER_B && fn === 'refundPayment')
          throw Object.assign(new Error('still down'), { name: 'Boom' });
      },
      async (topicArn, event) => {
        published.push({ topicArn, ...event });
      },
    );
    expect(calls).toEqual([
      'cancelShipment:a',
      'refundPayment:a',
      'releaseInventory:a',
      'updateOrderStatus:a:CANCELLED',
      'cancelShipment:b',
      'refundPayment:b',
      'updateOrderStatus:c:COMPLETED',
    ]);
    expect(published).toEqual([
      {
        topicArn: TOPIC,
        type: 'OrderCancelled',
        orderId: ORDER_A,
        customerId: 'cust_1',
        reason: 'ShippingUnavailable',
      },
      {
        topicArn: TOPIC,
        type: 'OrderCompleted',
        orderId: ORDER_C,
        customerId: 'cust_3',
        total: { amount: 100, currency: 'EUR' },
      },
    ]);
    expect(report.redriven).toEqual([ORDER_A, ORDER_C]);
    expect(report.failed).toEqual([
      { orderId: ORDER_B, error: 'Boom: still down' },
      { orderId: null, error: expect.stringContaining('unreadable') },
    ]);
    expect(queue.removed).toEqual(['r0', 'r2']);
  });

  it('marks a rejected order REJECTED again, never CANCELLED', async () => {
    const calls: unknown[] = [];
    await redriveDeadLetters(
      queueOf([JSON.stringify({ orderId: ORDER_A, failure: { Error: 'OrderRejected' } })]),
      async (fn, payload) => {
        if (fn === 'updateOrderStatus') calls.push(payload);
      },
    );
    expect(calls).toEqual([{ orderId: ORDER_A, status: 'REJECTED', reason: 'OrderRejected' }]);
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

describe('keptSections', () => {
  it('keeps the hand-written end of the page, from the marker on', () => {
    const page = `# Benchmarks\n\n## Cost\n\nfigures\n\n${KEPT_SECTIONS_MARKER}\n\n## Test suite timings\n\nby hand\n`;
    expect(keptSections(page)).toBe(`\n${KEPT_SECTIONS_MARKER}\n\n## Test suite timings\n\nby hand\n`);
  });

  it('keeps nothing from a page without the marker', () => {
    expect(keptSections('# Benchmarks\n\nfigures\n')).toBe('');
  });
});
