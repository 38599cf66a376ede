/** The payment records and inputs the payment domain tests start from. */
import { fakeAuthorizationId, fakeCaptureId } from '../../../services/payment/adapters/fake-payment-provider';
import type { Payment } from '../../../services/payment/schemas';

export const NOW = '2026-11-25T12:00:00.000Z';
export const LATER = '2026-11-25T12:05:00.000Z';
export const ORDER = 'ord_0123456789abcdef0123456789abcdef';
export const AMOUNT = { amount: 2599, currency: 'EUR' } as const;
export const AUTH_ID = fakeAuthorizationId(ORDER);
export const CAPTURE_ID = fakeCaptureId(AUTH_ID);

export const authorized: Payment = {
  orderId: ORDER,
  status: 'AUTHORIZED',
  amount: { ...AMOUNT },
  authorizationId: AUTH_ID,
  createdAt: NOW,
  updatedAt: NOW,
};
export const captured: Payment = { ...authorized, status: 'CAPTURED', captureId: CAPTURE_ID };
/** What an undo that found nothing to undo writes: marked, so reports read it as nothing having happened. */
export const tombstone: Payment = {
  orderId: ORDER,
  status: 'VOIDED',
  nothingToUndo: true,
  createdAt: NOW,
  updatedAt: NOW,
};
export const declined: Payment = {
  orderId: ORDER,
  createdAt: NOW,
  updatedAt: NOW,
  status: 'DECLINED',
  amount: { ...AMOUNT },
  declineReason: 'card declined',
};

export const authorizeInput = (paymentToken = 'tok_visa') => ({ orderId: ORDER, amount: { ...AMOUNT }, paymentToken });
