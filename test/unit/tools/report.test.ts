/**
 * The scenario trace names each service's record by what it is: an undo step's tombstone (the
 * record it writes where nothing had been done, services/shared/schemas.ts NothingToUndoSchema)
 * reads "nothing to undo", not as a cancellation or release that never happened.
 */
import { formatTrace } from '../../../tools/cli/report';
import type { ScenarioResult } from '../../../tools/offline/scenario-file';

const result = (services: Record<string, unknown>): ScenarioResult => ({
  scenario: 'out-of-stock.json',
  description: 'An item is out of stock.',
  status: 'FAILED',
  error: 'OutOfStock',
  cause: null,
  states: [],
  order: { status: 'CANCELLED' },
  services,
  http: {},
  deadLettered: false,
  alerts: [],
  redrive: null,
  consistency: [],
  children: [],
  transitions: 9,
  lambdaInvocations: 4,
  durationMs: 120,
  expected: null,
  asExpected: true,
});

const recordsLine = (services: Record<string, unknown>) => formatTrace(result(services)).split('\n').at(-1) ?? '';

it('reads a tombstone as nothing to undo, and a real undo by its status', () => {
  const line = recordsLine({
    inventory: { orderId: 'ord_1', status: 'RELEASED', lines: [], nothingToUndo: true },
    payment: { orderId: 'ord_1', status: 'VOIDED', authorizationId: 'auth_1' },
    shipping: { orderId: 'ord_1', status: 'CANCELLED', lines: [], nothingToUndo: true },
    notifications: [{ type: 'OrderCancelled' }],
  });
  expect(line).toContain(
    ' · inventory nothing to undo · payment VOIDED · shipping nothing to undo · notifications OrderCancelled',
  );
});

it('names a missing record none', () => {
  expect(recordsLine({ shipping: null, notifications: [] })).toContain(' · shipping none · notifications none');
});
