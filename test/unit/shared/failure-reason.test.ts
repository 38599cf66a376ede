/**
 * failureReason (services/shared/workflow-errors.ts): any error name a failure can carry becomes a
 * reason an order stores — so the marking step never fails on it (updateOrderStatus's `reason`, the
 * reconciler's, the dead-letter redrive's).
 */
import fc from 'fast-check';
import { UpdateOrderStatusInputSchema } from '../../../services/orders/schemas';
import { hasLoneSurrogate } from '../../../services/shared/schemas';
import { failureReason, MAX_REASON_LENGTH } from '../../../services/shared/workflow-errors';

const ORDER_ID = `ord_${'a'.repeat(32)}`;

describe('failureReason', () => {
  it('keeps an ordinary error name as it is', () => {
    expect(failureReason('OutOfStock', 'X')).toBe('OutOfStock');
    expect(failureReason('States.Runtime', 'X')).toBe('States.Runtime');
  });

  it(`cuts a name at ${MAX_REASON_LENGTH} characters (Step Functions' longest error name)`, () => {
    expect(failureReason(`Ops.${'E'.repeat(240)}`, 'X')).toHaveLength(244);
    expect(failureReason('E'.repeat(300), 'X')).toBe('E'.repeat(MAX_REASON_LENGTH));
    // Characters, not UTF-16 units: an emoji is not cut in half.
    expect([...failureReason('😀'.repeat(300), 'X')]).toHaveLength(MAX_REASON_LENGTH);
  });

  it('turns control characters into spaces, trims, and mends a lone surrogate', () => {
    expect(failureReason('  Carrier\nDown\t', 'X')).toBe('Carrier Down');
    expect(failureReason('Bad\uD800Name', 'X')).toBe('Bad\uFFFDName');
  });

  it('gives the fallback when nothing printable is left', () => {
    for (const empty of ['', '   ', '\n\t', null, undefined]) expect(failureReason(empty, 'Fallback')).toBe('Fallback');
  });

  it('makes any string a non-empty, printable, well-formed reason of at most the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (error) => {
        const reason = failureReason(error, 'Fallback');
        expect(reason.length).toBeGreaterThan(0);
        expect([...reason].length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
        expect([...reason].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')).toBe(false);
        expect(hasLoneSurrogate(reason)).toBe(false);
        expect(reason).toBe(reason.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('is how updateOrderStatus reads its `reason`: never refused (a marking step that fails dead-letters the order)', () => {
    const parsed = UpdateOrderStatusInputSchema.parse({
      orderId: ORDER_ID,
      status: 'CANCELLED',
      reason: `x\n${'y'.repeat(400)}`,
    });
    expect(parsed.reason).toBe(failureReason(`x\n${'y'.repeat(400)}`, 'UnnamedError'));
    expect(UpdateOrderStatusInputSchema.parse({ orderId: ORDER_ID, status: 'CANCELLED', reason: '' }).reason).toBe(
      'UnnamedError',
    );
    expect(UpdateOrderStatusInputSchema.safeParse({ orderId: ORDER_ID, status: 'CANCELLED', reason: 42 }).success).toBe(
      false,
    );
  });
});
