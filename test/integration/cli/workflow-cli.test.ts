/**
 * The CLI contract (docs/testing.md, "Running one scenario and reading its trace"): `npm run workflow --
 * <scenario> --json` prints exactly one JSON object on stdout (logs go to stderr), `--fail` injects
 * faults, a run that is not as its scenario expects exits 1, bad arguments get a clear error (exit
 * code 2: runCli, test/unit/tools/run-cli.test.ts),
 * and nothing is left running. The command's main() runs in this process, on the run's shared
 * DynamoDB Local; the same run as a process is test/slow/workflow-cli-process.test.ts.
 */
import { UsageError } from '../../../tools/cli/options';
import { DECLINED_RUN, expectDeclinedReport } from './workflow-report';
import { captureCliOutput } from '../../support/cli-output';
import { sharedDynamoDb } from '../../support/shared-dynamodb';

describe('in-process', () => {
  // Its result goes to stdout, everything else to stderr: both captured before the CLI loads.
  const output = captureCliOutput();
  let main: typeof import('../../../tools/cli/workflow').main;
  beforeAll(async () => {
    ({ main } = await import('../../../tools/cli/workflow'));
  });

  it('prints one JSON object with the documented fields first, the injected faults in it, logs on stderr', async () => {
    const previous = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    try {
      await expect(main(DECLINED_RUN, sharedDynamoDb())).resolves.toBe(0);
    } finally {
      process.env.POWERTOOLS_LOG_LEVEL = previous;
    }
    expectDeclinedReport(JSON.parse(output.stdout()) as Record<string, unknown>, output.stderr());
  });

  it('exits 1 when the run is not as its scenario expects, the JSON printed all the same and why on stderr', async () => {
    const args = ['events/workflow/happy-path.json', '--json', '--fail', 'ReserveInventory:after:Carrier.XXXX'];
    await expect(main([...args, '--redrive'], sharedDynamoDb())).resolves.toBe(1);
    const result = JSON.parse(output.stdout()) as { asExpected: boolean };
    expect(result.asExpected).toBe(false);
    expect(output.stderr()).toMatch(/exit 1: the run did not end as the scenario expects \(asExpected: false\)/);
  });

  it.each([
    [
      ['events/workflow/happy-path.json', '--fail', 'nosuchFunction:transient'],
      /neither a Task state nor a Task function/,
    ],
    [['events/workflow/happy-path.json', '--fail', 'capturePayment:sometimes'], /mode must be/],
    [['events/workflow/happy-path.json', '--fail', 'capturePayment:transient:0'], /times must be/],
    [['events/workflow/happy-path.json', '--fail', 'PlaceOrder:transient'], /belongs to the bulkImport state machine/],
    [['events/workflow/happy-path.json', '--fail', 'importOrder:permanent'], /belongs to the bulkImport state machine/],
    [['events/workflow/does-not-exist.json'], /No such scenario file/],
    [['events/workflow/happy-path.json', '--bogus'], /Unknown option/],
  ])('rejects %j with a UsageError that says why, printing nothing', async (args, message) => {
    const failure = main(args, sharedDynamoDb());
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(message);
    expect(output.stdout()).toBe('');
  });
});
