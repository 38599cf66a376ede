import { DomainError } from '#shared/errors';
import type { Reservation, ReservationLine, ReleaseInventoryInput, ReserveInventoryInput } from '../schemas';

/** Not enough stock for at least one line (or the SKU is unknown). Caught by name in the state machine. */
export class OutOfStock extends DomainError {
  readonly name = 'OutOfStock';
  override readonly httpStatus = 409;

  constructor(readonly skus: string[]) {
    super(`Not enough stock for ${skus.join(', ')}`, { skus });
  }
}

export type ReserveOutcome =
  { kind: 'reserved' } | { kind: 'exists'; reservation: Reservation } | { kind: 'insufficient'; skus: string[] };

export type ReleaseOutcome = { kind: 'released' } | { kind: 'changed'; reservation: Reservation | undefined };

/** Port: the stock ledger. Implementations must make `reserve` and `release` atomic. */
export interface StockLedger {
  findReservation(orderId: string): Promise<Reservation | undefined>;
  /** Takes every line's quantity and stores the reservation, all or nothing. */
  reserve(reservation: Reservation): Promise<ReserveOutcome>;
  /** Gives every line back and marks the reservation RELEASED, only if it is still RESERVED. */
  release(reservation: Reservation, now: string): Promise<ReleaseOutcome>;
  /** Records that nothing was reserved and nothing may be later (the order was compensated first). */
  recordEmptyRelease(orderId: string, now: string): Promise<ReleaseOutcome>;
}

/** Merges lines of the same SKU, so a transaction touches each stock item once. */
export function mergeLines(items: readonly ReservationLine[]): ReservationLine[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity })).sort((a, b) => a.sku.localeCompare(b.sku));
}

/**
 * Reserves every line or none. Idempotent: a second call for the same order returns the
 * reservation the first one made (or the RELEASED record if compensation already ran).
 */
export async function reserveStock(
  ledger: StockLedger,
  input: ReserveInventoryInput,
  now: string,
): Promise<Reservation> {
  const lines = mergeLines(input.items.map(({ sku, quantity }) => ({ sku, quantity })));
  const reservation: Reservation = {
    orderId: input.orderId,
    status: 'RESERVED',
    lines,
    createdAt: now,
    updatedAt: now,
  };
  const outcome = await ledger.reserve(reservation);
  switch (outcome.kind) {
    case 'reserved':
      return reservation;
    case 'exists':
      return outcome.reservation;
    case 'insufficient':
      throw new OutOfStock(outcome.skus);
  }
}

/**
 * What a compensation leaves behind: the reservation is RELEASED, and `lines` is what it held and
 * gave back (`[]` when nothing was ever reserved). It describes the record, not what this call did,
 * so a repeated call returns exactly the same result.
 */
export interface ReleaseResult {
  orderId: string;
  status: 'RELEASED';
  lines: ReservationLine[];
}

/** Gives reserved stock back. Idempotent, and a no-op (recorded, so a late reservation cannot hold stock) when nothing was reserved. */
export async function releaseStock(
  ledger: StockLedger,
  input: ReleaseInventoryInput,
  now: string,
): Promise<ReleaseResult> {
  const { orderId } = input;
  const existing = await ledger.findReservation(orderId);
  const released = (lines: ReservationLine[] = []): ReleaseResult => ({ orderId, status: 'RELEASED', lines });
  if (existing?.status === 'RELEASED') return released(existing.lines);

  const outcome = existing ? await ledger.release(existing, now) : await ledger.recordEmptyRelease(orderId, now);
  if (outcome.kind === 'released') return released(existing?.lines);
  // Someone else changed the record between our read and our write: start again from what is there now.
  if (outcome.reservation?.status === 'RESERVED') return releaseStock(ledger, input, now);
  return released(outcome.reservation?.lines);
}
