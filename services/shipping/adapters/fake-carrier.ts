import { createHash } from 'node:crypto';
import type { BookingOutcome, Carrier, ShipmentRequest } from '../domain/shipment';

/** Destinations the fake carrier does not serve (contract: `AQ`, Antarctica). */
export const UNSUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(['AQ']);

/** The tracking number the fake carrier gives an order (exported so tests and seeds can predict it). */
export const fakeTrackingNumber = (orderId: string) =>
  `TRK${createHash('sha256').update(orderId).digest('hex').slice(0, 12).toUpperCase()}`;

const TRACKING_NUMBER = /^TRK[0-9A-F]{12}$/;

/**
 * A stateless stand-in for a parcel carrier. The tracking number is derived from the order id,
 * so booking is idempotent like a real carrier call made with an idempotency key.
 */
export class FakeCarrier implements Carrier {
  readonly name = 'FakeCarrier';

  async book({ orderId, address }: ShipmentRequest): Promise<BookingOutcome> {
    if (UNSUPPORTED_COUNTRIES.has(address.country)) {
      return { booked: false, reason: `${this.name} does not deliver to ${address.country}` };
    }
    return { booked: true, trackingNumber: fakeTrackingNumber(orderId) };
  }

  async cancel(trackingNumber: string): Promise<void> {
    if (!TRACKING_NUMBER.test(trackingNumber)) {
      throw new Error(`FakeCarrier: tracking number "${trackingNumber}" was not issued by this carrier`);
    }
  }
}
