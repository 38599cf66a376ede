/**
 * The CLI contract (README, "Running one scenario and reading its trace"), as a user runs it: `npm run workflow -- <scenario> --json` prints
 * exactly one JSON object on stdout (logs go to stderr), `--fail` injects faults, bad arguments
 * get a clear error and exit code 2, and nothing is left running.
 */
import { spawnSync } from 'node:child_process';

function workflow(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'tools/cli/workflow.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

it('prints one JSON object with the documented fields first, logs on stderr', () => {
  const { code, stdout, stderr } = workflow('events/workflow/payment-declined.json', '--json');
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as Record<string, unknown>;
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
    services: { payment: { status: 'DECLINED' }, notifications: [expect.objectContaining({ type: 'OrderCancelled' })] },
  });
  expect(result.states).toEqual(
    expect.arrayContaining([
      { name: 'AuthorizePayment', type: 'Task', function: 'authorizePayment', error: 'PaymentDeclined' },
    ]),
  );
  expect(stderr).toContain('"level":"INFO"');
}, 120_000);

it('injects a fault with --fail and still answers in the same format', () => {
  const { code, stdout } = workflow(
    'events/workflow/happy-path.json',
    '--json',
    '--fail',
    'capturePayment:transient:2',
  );
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as {
    status: string;
    states: { name: string; retries?: number }[];
    faults: unknown;
  };
  expect(result.status).toBe('SUCCEEDED');
  expect(result.states.find((s) => s.name === 'CapturePayment')?.retries).toBe(2);
  expect(result.faults).toEqual({ capturePayment: 2 });
}, 120_000);

it.each([
  [
    ['events/workflow/happy-path.json', '--fail', 'nosuchFunction:transient'],
    /neither a Task state nor a Task function/,
  ],
  [['events/workflow/happy-path.json', '--fail', 'capturePayment:sometimes'], /mode must be/],
  [['events/workflow/happy-path.json', '--fail', 'capturePayment:transient:0'], /times must be/],
  [['events/workflow/does-not-exist.json'], /No such scenario file/],
  [['events/workflow/happy-path.json', '--bogus'], /Unknown option/],
])(
  'rejects %j with a clear message and exit code 2',
  (args, message) => {
    const { code, stdout, stderr } = workflow(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  },
  60_000,
);
