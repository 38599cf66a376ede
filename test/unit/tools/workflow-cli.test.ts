/**
 * `npm run workflow` without running a scenario: which `--fail` targets an order scenario can hit
 * (the saga's state machines only), and the exit code a run's result gives.
 */
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { HelpRequested, UsageError } from '../../../tools/cli/options';
import { main, parseFaults, runOutcome } from '../../../tools/cli/workflow';
import { sagaAndOtherMachines } from '../../../tools/offline/saga-machines';
import { usageError } from './usage-error';

const USAGE = 'usage: npm run workflow -- …';

describe('--fail targets: the order saga and its Express children, nothing else', () => {
  const config = loadServerlessConfig();

  it('the saga is the parent and the children it starts; bulkImport is not one', () => {
    const { saga, others } = sagaAndOtherMachines(config);
    expect(saga.map((m) => m.name)).toEqual([
      'orderProcessing',
      'reserveAndConfirm',
      'captureAndShip',
      'completeOrder',
    ]);
    expect(others.map((m) => m.name)).toEqual(['bulkImport']);
  });

  it.each([
    'ReserveInventory:after:Carrier.XXXX',
    'reserveInventory:transient:2',
    'CreateShipment:permanent',
    'PublishOrderCompleted:permanent',
    'RequestReview:timeout',
    'updateOrderStatus:after:Lambda.Unknown:1',
  ])('accepts %s (a state or function the saga runs)', (value) => {
    expect(parseFaults([value], USAGE, config)).toHaveLength(1);
  });

  it.each([
    ['PlaceOrder:transient', 'PlaceOrder'],
    ['importOrder:permanent', 'importOrder'],
  ])('refuses %s, of the bulk import, naming the valid targets and where it belongs', (value, target) => {
    const { message } = usageError(() => parseFaults([value], USAGE, config));
    expect(message).toMatch(new RegExp(`^--fail "${value}": "${target}" is neither a Task state nor a Task function`));
    expect(message).toMatch(/states: RequestReview, ReserveAndConfirm, .*ReserveInventory/);
    expect(message).toMatch(/functions: requestReview, .*reserveInventory/);
    expect(message).not.toMatch(/states: [^;]*PlaceOrder/);
    expect(message).not.toMatch(/functions: [^)]*importOrder/);
    expect(message).toMatch(
      `("${target}" belongs to the bulkImport state machine, which an order scenario does not run)`,
    );
    expect(message.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it('refuses an unknown target without a note, and two faults on one target before the stack starts', () => {
    const unknown = usageError(() => parseFaults(['nosuch:transient'], USAGE, config)).message;
    expect(unknown).toMatch(/"nosuch" is neither a Task state nor a Task function/);
    expect(unknown).not.toMatch(/belongs to/);
    expect(
      usageError(() => parseFaults(['CreateShipment:permanent', 'CreateShipment:transient'], USAGE, config)).message,
    ).toMatch(/^--fail "CreateShipment:transient": more than one --fail for CreateShipment/);
  });
});

describe('the exit code of a run', () => {
  const redrive = (failed: number) => ({
    redriven: [],
    failed: Array.from({ length: failed }, () => ({ orderId: 'ord_1', error: 'InjectedFault' })),
  });

  it('0 when the run is as expected and the redrive (if any) left nothing', () => {
    expect(runOutcome({ asExpected: true, redrive: null })).toEqual({ code: 0 });
    expect(runOutcome({ asExpected: true, redrive: redrive(0) })).toEqual({ code: 0 });
  });

  it('1, saying why, when it is not as expected or the redrive left messages', () => {
    expect(runOutcome({ asExpected: false, redrive: null })).toEqual({
      code: 1,
      reason: 'the run did not end as the scenario expects (asExpected: false)',
    });
    expect(runOutcome({ asExpected: true, redrive: redrive(2) })).toEqual({
      code: 1,
      reason: 'the redrive left 2 message(s) in the dead-letter queue',
    });
    expect(runOutcome({ asExpected: false, redrive: redrive(1) }).reason).toBe(
      'the run did not end as the scenario expects (asExpected: false); the redrive left 1 message(s) in the dead-letter queue',
    );
  });
});

describe('npm run workflow arguments, before anything starts', () => {
  it('answers --help with the usage (HelpRequested: runCli prints it on stdout, exit 0)', async () => {
    await expect(main(['--help'])).rejects.toBeInstanceOf(HelpRequested);
  });

  it('refuses a directory, a --fail of another state machine and twice the same target with a UsageError', async () => {
    await expect(main(['events/workflow'])).rejects.toThrow(/^Scenario events\/workflow: is a directory/);
    await expect(main(['events/workflow/happy-path.json', '--fail', 'PlaceOrder:transient'])).rejects.toThrow(
      /belongs to the bulkImport state machine/,
    );
    await expect(
      main([
        'events/workflow/happy-path.json',
        '--fail',
        'reserveInventory:transient',
        '--fail',
        'reserveInventory:permanent',
      ]),
    ).rejects.toThrow(UsageError);
  });
});
