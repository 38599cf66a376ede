/**
 * What `npm run workflow -- events/workflow/payment-declined.json --json --fail authorizePayment:transient:1`
 * reports (docs/testing.md, "Running one scenario and reading its trace"): its stdout parsed, its stderr.
 * Shared by the in-process run (workflow-cli.test.ts) and the process run (test/slow/workflow-cli-process.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DECLINED_RUN = [
  'events/workflow/payment-declined.json',
  '--json',
  '--fail',
  // AuthorizePayment fails once before doing anything (healed by its retrier), then declines.
  'authorizePayment:transient:1',
];

export function expectDeclinedReport(result: Record<string, unknown>, stderr: string): void {
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
  expect(stderr).not.toContain('"level":"INFO"');
  const declined = /^λ authorizePayment PaymentDeclined \d+ ms.* · (\S+)$/m.exec(stderr);
  expect(declined).not.toBeNull();
  expect(stderr.split('\n').filter((line) => line.length > 200)).toEqual([]);
  const logged = readFileSync(join('.local', 'logs', 'authorizePayment.log'), 'utf8');
  expect(logged).toContain(`START RequestId: ${declined?.[1] ?? '?'} Version: $LATEST`);
  expect(logged).toContain('"level":"INFO"');
}
