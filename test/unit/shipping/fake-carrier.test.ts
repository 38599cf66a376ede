import {
  FakeCarrier,
  fakeTrackingNumber,
  UNSUPPORTED_COUNTRIES,
} from '../../../services/shipping/adapters/fake-carrier';

const carrier = new FakeCarrier();
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const address = { name: 'A', line1: 'B', city: 'C', postalCode: '12345', country: 'DE' };
const request = (country: string) => ({ orderId: ORDER, address: { ...address, country }, lines: [] });

describe('FakeCarrier', () => {
  it('gives each order one deterministic tracking number', async () => {
    expect(fakeTrackingNumber(ORDER)).toMatch(/^TRK[0-9A-F]{12}$/);
    expect(fakeTrackingNumber(ORDER)).not.toBe(fakeTrackingNumber('ord_fedcba9876543210fedcba9876543210'));
    await expect(carrier.book(request('DE'))).resolves.toEqual({
      booked: true,
      trackingNumber: fakeTrackingNumber(ORDER),
    });
    await expect(carrier.book(request('US'))).resolves.toEqual({
      booked: true,
      trackingNumber: fakeTrackingNumber(ORDER),
    });
  });

  it('does not deliver to AQ', async () => {
    expect(UNSUPPORTED_COUNTRIES.has('AQ')).toBe(true);
    await expect(carrier.book(request('AQ'))).resolves.toEqual({
      booked: false,
      reason: 'FakeCarrier does not deliver to AQ',
    });
  });

  it('cancels only tracking numbers it issued', async () => {
    await expect(carrier.cancel(fakeTrackingNumber(ORDER))).resolves.toBeUndefined();
    await expect(carrier.cancel('1Z999AA10123456784')).rejects.toThrow(/not issued by this carrier/);
  });
});
