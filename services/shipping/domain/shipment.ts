import { DomainError } from '#shared/errors';
import type { Address } from '#shared/schemas';
import type { CancelShipmentInput, CreateShipmentInput, Shipment, ShipmentLine, ShipmentStatus } from '../schemas';

/** The carrier does not serve the destination. Caught by name in the state machine (contract). */
export class ShippingUnavailable extends DomainError {
  readonly name = 'ShippingUnavailable';
  override readonly httpStatus = 422;

  constructor(
    readonly orderId: string,
    readonly country: string,
    readonly reason: string,
  ) {
    super(`Order ${orderId} cannot be shipped to ${country}: ${reason}`, { orderId, country, reason });
  }
}

// ---------------------------------------------------------------------------------------------
// Ports

export interface ShipmentRequest {
  orderId: string;
  address: Address;
  lines: ShipmentLine[];
}

export type BookingOutcome = { booked: true; trackingNumber: string } | { booked: false; reason: string };

/**
 * Port: the carrier. Implementations must be idempotent per order (the same order gets the same
 * tracking number), so a retried Task never books two parcels.
 */
export interface Carrier {
  /** The carrier's name, stored on the shipment. */
  readonly name: string;
  book(request: ShipmentRequest): Promise<BookingOutcome>;
  cancel(trackingNumber: string): Promise<void>;
}

export type CreateOutcome = { kind: 'created' } | { kind: 'exists'; shipment: Shipment };

export type TransitionOutcome =
  | { kind: 'updated'; shipment: Shipment }
  /** The record was not in the expected status: here is what is there now. */
  | { kind: 'changed'; shipment: Shipment | undefined };

/** Port: the shipment records, one per order. Writes are conditional so racing calls cannot both win. */
export interface ShipmentLedger {
  find(orderId: string): Promise<Shipment | undefined>;
  /** Stores the record only if the order has none yet; otherwise returns the one that is there. */
  create(shipment: Shipment): Promise<CreateOutcome>;
  /** Sets `status` (and updatedAt) only if the record is still in status `from`. */
  transition(orderId: string, from: ShipmentStatus, to: ShipmentStatus, now: string): Promise<TransitionOutcome>;
}

export interface ShippingPorts {
  ledger: ShipmentLedger;
  carrier: Carrier;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Merges lines of the same SKU (sorted by SKU), dropping fields other than sku and quantity. */
export function mergeLines(items: readonly ShipmentLine[]): ShipmentLine[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity })).sort((a, b) => a.sku.localeCompare(b.sku));
}

/**
 * Books the shipment with the carrier and records it CREATED. Idempotent: a repeated call returns
 * the stored record, and after a compensation (CANCELLED tombstone) nothing is shipped.
 * `ShippingUnavailable` writes nothing.
 */
export async function createShipment(
  { ledger, carrier }: ShippingPorts,
  input: CreateShipmentInput,
  now: string,
): Promise<Shipment> {
  const { orderId, shippingAddress: address } = input;
  const existing = await ledger.find(orderId);
  if (existing) return existing;

  const lines = mergeLines(input.items);
  const booking = await carrier.book({ orderId, address, lines });
  if (!booking.booked) throw new ShippingUnavailable(orderId, address.country, booking.reason);

  const shipment: Shipment = {
    orderId,
    status: 'CREATED',
    carrier: carrier.name,
    trackingNumber: booking.trackingNumber,
    address,
    lines,
    createdAt: now,
    updatedAt: now,
  };
  const created = await ledger.create(shipment);
  if (created.kind === 'created') return shipment;

  // Another call stored a record first (a duplicate delivery, or the compensation's tombstone).
  // A booking that record does not point to would ship anyway: cancel it.
  const winner = created.shipment;
  if (winner.trackingNumber !== booking.trackingNumber) await carrier.cancel(booking.trackingNumber);
  return winner;
}

/** The shipment record as a compensation leaves it. */
export type CancelResult = Shipment & { status: 'CANCELLED' };

/**
 * Compensation: cancels the order's shipment. Idempotent and a no-op when nothing was shipped;
 * with no record at all it stores a CANCELLED tombstone so a late createShipment cannot ship.
 * Returns the CANCELLED record (or the tombstone), so a repeated call returns exactly the same result.
 */
export async function cancelShipment(
  ports: ShippingPorts,
  input: CancelShipmentInput,
  now: string,
): Promise<CancelResult> {
  return cancel(ports, input.orderId, await ports.ledger.find(input.orderId), now);
}

async function cancel(
  ports: ShippingPorts,
  orderId: string,
  current: Shipment | undefined,
  now: string,
): Promise<CancelResult> {
  const { ledger, carrier } = ports;
  if (current === undefined) {
    const tombstone: Shipment = {
      orderId,
      status: 'CANCELLED',
      lines: [],
      nothingToUndo: true,
      createdAt: now,
      updatedAt: now,
    };
    const created = await ledger.create(tombstone);
    if (created.kind === 'created') return { ...tombstone, status: 'CANCELLED' };
    return cancel(ports, orderId, created.shipment, now);
  }
  if (current.status === 'CANCELLED') return { ...current, status: 'CANCELLED' };

  if (current.trackingNumber !== undefined) await carrier.cancel(current.trackingNumber);
  const outcome = await ledger.transition(orderId, 'CREATED', 'CANCELLED', now);
  if (outcome.kind === 'updated') return { ...outcome.shipment, status: 'CANCELLED' };
  // Someone changed the record between our read and our write: start again from what is there now.
  return cancel(ports, orderId, outcome.shipment, now);
}
