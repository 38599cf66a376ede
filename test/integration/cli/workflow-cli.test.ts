/**
 * The CLI contract (docs/testing.md, "Running one scenario and reading its trace"): `npm run workflow --
 * <scenario> --json` prints exactly one JSON object on stdout (logs go to stderr), `--fail` injects
 * faults, bad arguments get a clear error (exit code 2: runCli, test/unit/tools/run-cli.test.ts),
 * and nothing is left running.
 * One run is a process, as a user runs it, with a fault injected; the bad arguments call the
 * command's main() in this process (they are refused before anything starts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../tools/cli/options';
import { captureCliOutput } from '../../support/cli-output';
import { sharedDynamoDb } from '../../support/shared-dynamodb';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../../support/processes';

it(
  'prints one JSON object with the documented fields first, the injected faults in it, logs on stderr (as a process)',
  () => {
    // AuthorizePayment fails once before doing anything (healed by its retrier), then declines.
    const run = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'workflow',
        '--',
        'events/workflow/payment-declined.json',
        '--json',
        '--fail',
        'authorizePayment:transient:1',
      ],
      {
        encoding: 'utf8',
        timeout: PROCESS_TIMEOUT_MS,
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO' },
      },
    );
    if (run.status !== 0) throw new Error(`exit ${String(run.status ?? run.signal)}\n${run.stderr}`);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result).slice(0, 8)).toEqual([
      'scenario',
      'status',
      'error',
      'states',
      'order',
      'services',
      'durationMs',
      'description',
    ]);
    expect(result).toMatchObject({
      scenario: 'payment-declined.json',
      status: 'FAILED',
      error: 'PaymentDeclined',
      order: { status: 'CANCELLED' },
      services: {
        payment: { status: 'DECLINED' },
        notifications: [expect.objectContaining({ type: 'OrderCancelled' })],
      },
    });
    // AuthorizePayment runs in the reserve-and-confirm Express child: the parent's trace shows the
    // Task that started it, and `children` the child's outcome from the parent's history.
    expect(result.states).toEqual(
      expect.arrayContaining([
        {
          name: 'ReserveAndConfirm',
          type: 'Task',
          integration: 'states:startExecution',
          error: 'States.TaskFailed',
        },
      ]),
    );
    expect(result.children).toEqual([expect.objectContaining({ status: 'FAILED', error: 'PaymentDeclined' })]);
    expect(result.faults).toEqual({ authorizePayment: 1 });
    // On stderr the stack's own lines, one per invocation; the handlers' JSON goes to their log files.
    expect(run.stderr).not.toContain('"level":"INFO"');
    const declined = /^λ authorizePayment PaymentDeclined \d+ ms.* · (\S+)$/m.exec(run.stderr);
    expect(declined).not.toBeNull();
    expect(run.stderr.split('\n').filter((line) => line.length > 200)).toEqual([]);
    const logged = readFileSync(join('.local', 'logs', 'authorizePayment.log'), 'utf8');
    expect(logged).toContain(`START RequestId: ${declined?.[1] ?? '?'} Version: $LATEST`);
    expect(logged).toContain('"level":"INFO"');
  },
  PROCESS_TEST_TIMEOUT_MS,
);

describe('in-process', () => {
  // Its result goes to stdout, everything else to stderr: both captured before the CLI loads.
  const output = captureCliOutput();
  let main: typeof import('../../../tools/cli/workflow').main;
  beforeAll(async () => {
    ({ main } = await import('../../../tools/cli/workflow'));
  });

  it.each([
    [
      ['events/workflow/happy-path.json', '--fail', 'nosuchFunction:transient'],
      /neither a Task state nor a Task function/,
    ],
    [['events/workflow/happy-path.json', '--fail', 'capturePayment:sometimes'], /mode must be/],
    [['events/workflow/happy-path.json', '--fail', 'capturePayment:transient:0'], /times must be/],
    [['events/workflow/does-not-exist.json'], /No such scenario file/],
    [['events/workflow/happy-path.json', '--bogus'], /Unknown option/],
  ])('rejects %j with a UsageError that says why, printing nothing', async (args, message) => {
    const failure = main(args, sharedDynamoDb());
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(message);
    expect(output.stdout()).toBe('');
  });
});
