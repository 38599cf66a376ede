import type { Carrier } from '../domain/shipment';
import { FakeCarrier } from './fake-carrier';

let carrier: Carrier | undefined;

/**
 * The carrier the handlers use. This reference app ships only the fake (deterministic tracking
 * numbers, `AQ` unsupported); a real carrier adapter implementing the same port would be chosen here.
 */
export function shippingCarrier(): Carrier {
  carrier ??= new FakeCarrier();
  return carrier;
}
