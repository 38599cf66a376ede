/**
 * The note beside an ended execution's records when its order changed after the execution ended
 * (src/console/page/after-end.ts): the reconciler's work on a stopped execution's order.
 */
import { changedAfterEnd } from '../../../src/console/page/after-end';

const ended = Date.parse('2026-12-07T10:00:00.000Z');

describe('changedAfterEnd', () => {
  it('names the status and reason a record was given after an execution ended ABORTED', () => {
    const order = { status: 'CANCELLED', reason: 'ExecutionAborted', updatedAt: '2026-12-07T10:00:00.350Z' };
    expect(changedAfterEnd(order, { status: 'ABORTED', stoppedAt: ended })).toEqual({
      status: 'CANCELLED',
      reason: 'ExecutionAborted',
      laterMs: 350,
    });
  });

  it('says nothing of a record last changed by the execution itself, or of one that runs or succeeded', () => {
    const before = { status: 'CANCELLED', updatedAt: '2026-12-07T09:59:59.000Z' };
    expect(changedAfterEnd(before, { status: 'FAILED', stoppedAt: ended })).toBeUndefined();
    const after = { status: 'COMPLETED', updatedAt: '2026-12-07T10:00:01.000Z' };
    expect(changedAfterEnd(after, { status: 'RUNNING' })).toBeUndefined();
    expect(changedAfterEnd(after, { status: 'SUCCEEDED', stoppedAt: ended })).toBeUndefined();
  });

  it('says nothing without a record or a readable updatedAt', () => {
    expect(changedAfterEnd(null, { status: 'ABORTED', stoppedAt: ended })).toBeUndefined();
    expect(changedAfterEnd({ status: 'CANCELLED' }, { status: 'ABORTED', stoppedAt: ended })).toBeUndefined();
    expect(
      changedAfterEnd({ status: 'CANCELLED', updatedAt: 'yesterday' }, { status: 'ABORTED', stoppedAt: ended }),
    ).toBeUndefined();
  });
});
