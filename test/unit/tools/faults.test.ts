/** Fault specs (`--fail`) and the injector that plays them in the offline runner. */
import { FaultInjector, parseFaultSpec, type FaultTargets } from 'offline-aws/engine/faults';

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
