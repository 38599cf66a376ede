import {
  FakePaymentProvider,
  fakeAuthorizationId,
  fakeCaptureId,
  fakeRefundId,
} from '../../../services/payment/adapters/fake-payment-provider';

const provider = new FakePaymentProvider();
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const OTHER = 'ord_fedcba9876543210fedcba9876543210';
const EUR = { amount: 100, currency: 'EUR' } as const;

describe('FakePaymentProvider', () => {
  it('derives ids deterministically, one per order', async () => {
    expect(fakeAuthorizationId(ORDER)).toMatch(/^auth_[0-9a-f]{24}$/);
    expect(fakeAuthorizationId(ORDER)).toBe(fakeAuthorizationId(ORDER));
    expect(fakeAuthorizationId(ORDER)).not.toBe(fakeAuthorizationId(OTHER));
    await expect(provider.authorize(ORDER, EUR, 'tok_visa')).resolves.toEqual({
      approved: true,
      authorizationId: fakeAuthorizationId(ORDER),
    });
    const { captureId } = await provider.capture(fakeAuthorizationId(ORDER), EUR);
    expect(captureId).toBe(fakeCaptureId(fakeAuthorizationId(ORDER)));
    expect(captureId).toMatch(/^cap_[0-9a-f]{24}$/);
    await expect(provider.refund(captureId, EUR)).resolves.toEqual({ refundId: fakeRefundId(captureId) });
    await expect(provider.void(fakeAuthorizationId(ORDER))).resolves.toBeUndefined();
  });

  it.each([
    ['tok_visa', true],
    ['tok_mastercard', true],
    ['tok_amex', true],
    ['tok_chargeDeclined', false],
    ['tok_chargeDeclinedExpiredCard', false],
    ['tok_visa_debit', false],
    ['tok_VISA', false],
  ])('token %s approves: %s', async (token, approved) => {
    await expect(provider.authorize(ORDER, EUR, token)).resolves.toMatchObject({ approved });
  });

  it.each([
    ['tok_chargeDeclined', 'card declined'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient funds'],
    ['tok_chargeDeclinedExpiredCard', 'expired card'],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect CVC'],
    ['tok_chargeDeclinedFraudulent', 'suspected fraud'],
    ['tok_chargeDeclinedAnythingElse', 'card declined'],
    ['tok_unknown', 'card not recognised'],
  ])('token %s declines with reason "%s"', async (token, reason) => {
    await expect(provider.authorize(ORDER, EUR, token)).resolves.toEqual({ approved: false, reason });
  });

  it('rejects ids it did not issue and amounts that are not positive integers', async () => {
    await expect(provider.capture('ch_123', EUR)).rejects.toThrow(/not issued by this provider/);
    await expect(provider.void('ch_123')).rejects.toThrow(/not issued by this provider/);
    await expect(provider.refund('auth_123', EUR)).rejects.toThrow(/not issued by this provider/);
    await expect(provider.authorize(ORDER, { amount: 0, currency: 'EUR' }, 'tok_visa')).rejects.toThrow(/positive/);
    await expect(provider.capture('auth_1', { amount: 1.5, currency: 'EUR' })).rejects.toThrow(/positive/);
  });
});
