import {
  mergeLines,
  releaseStock,
  reserveStock,
  OutOfStock,
  type ReleaseOutcome,
  type ReserveOutcome,
  type StockLedger,
} from '../../../services/inventory/domain/reservation';
import type { Reservation } from '../../../services/inventory/schemas';

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:05:00.000Z';
const ORDER = `ord_${'1'.repeat(32)}`;

/** In-memory ledger with the same all-or-nothing semantics as the DynamoDB one. */
class MemoryLedger implements StockLedger {
  stock = new Map<string, number>();
  reservations = new Map<string, Reservation>();
  /** Simulates another writer changing the reservation between our read and our write. */
  interleave?: () => void;
  /** How many times a release actually gave stock back (the side effect a repeated call must not repeat). */
  stockReturns = 0;

  async findReservation(orderId: string) {
    const found = this.reservations.get(orderId);
    return found && structuredClone(found);
  }

  async reserve(reservation: Reservation): Promise<ReserveOutcome> {
    const existing = this.reservations.get(reservation.orderId);
    if (existing) return { kind: 'exists', reservation: structuredClone(existing) };
    const short = reservation.lines.filter((l) => (this.stock.get(l.sku) ?? -1) < l.quantity).map((l) => l.sku);
    if (short.length > 0) return { kind: 'insufficient', skus: short };
    for (const line of reservation.lines) this.stock.set(line.sku, (this.stock.get(line.sku) ?? 0) - line.quantity);
    this.reservations.set(reservation.orderId, structuredClone(reservation));
    return { kind: 'reserved' };
  }

  async release(reservation: Reservation, now: string): Promise<ReleaseOutcome> {
    this.interleave?.();
    this.interleave = undefined;
    const current = this.reservations.get(reservation.orderId);
    if (current?.status !== 'RESERVED') return { kind: 'changed', reservation: current && structuredClone(current) };
    for (const line of current.lines) this.stock.set(line.sku, (this.stock.get(line.sku) ?? 0) + line.quantity);
    this.stockReturns += 1;
    this.reservations.set(reservation.orderId, { ...current, status: 'RELEASED', updatedAt: now });
    return { kind: 'released' };
  }

  async recordEmptyRelease(orderId: string, now: string): Promise<ReleaseOutcome> {
    this.interleave?.();
    this.interleave = undefined;
    const current = this.reservations.get(orderId);
    if (current) return { kind: 'changed', reservation: structuredClone(current) };
    this.reservations.set(orderId, {
      orderId,
      status: 'RELEASED',
      lines: [],
      nothingToUndo: true,
      createdAt: now,
      updatedAt: now,
    });
    return { kind: 'released' };
  }
}

function ledgerWith(stock: Record<string, number>): MemoryLedger {
  const ledger = new MemoryLedger();
  for (const [sku, available] of Object.entries(stock)) ledger.stock.set(sku, available);
  return ledger;
}

describe('mergeLines', () => {
  it('adds up lines of the same SKU and orders them by SKU', () => {
    expect(
      mergeLines([
        { sku: 'SKU-B', quantity: 1 },
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-B', quantity: 4 },
    ]);
  });
});

describe('reserveStock', () => {
  it('reserves every line and returns the reservation', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5, 'SKU-B': 5 });
    const reservation = await reserveStock(
      ledger,
      {
        orderId: ORDER,
        items: [
          { sku: 'SKU-A', quantity: 2 },
          { sku: 'SKU-B', quantity: 5 },
        ],
      },
      NOW,
    );
    expect(reservation).toEqual({
      orderId: ORDER,
      status: 'RESERVED',
      lines: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 5 },
      ],
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(ledger.stock.get('SKU-A')).toBe(3);
    expect(ledger.stock.get('SKU-B')).toBe(0);
  });

  it('throws OutOfStock naming the short SKUs, and takes nothing', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5, 'SKU-B': 1 });
    const attempt = reserveStock(
      ledger,
      {
        orderId: ORDER,
        items: [
          { sku: 'SKU-A', quantity: 2 },
          { sku: 'SKU-B', quantity: 2 },
        ],
      },
      NOW,
    );
    await expect(attempt).rejects.toBeInstanceOf(OutOfStock);
    await expect(attempt).rejects.toMatchObject({ name: 'OutOfStock', skus: ['SKU-B'] });
    expect(ledger.stock.get('SKU-A')).toBe(5);
    expect(ledger.reservations.size).toBe(0);
  });

  it('counts merged lines against stock (two lines of 3 need 6)', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    await expect(
      reserveStock(
        ledger,
        {
          orderId: ORDER,
          items: [
            { sku: 'SKU-A', quantity: 3 },
            { sku: 'SKU-A', quantity: 3 },
          ],
        },
        NOW,
      ),
    ).rejects.toMatchObject({ name: 'OutOfStock' });
  });

  it('is idempotent: a second call returns the first reservation and takes nothing more', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    const input = { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 2 }] };
    const first = await reserveStock(ledger, input, NOW);
    const second = await reserveStock(ledger, input, LATER);
    expect(second).toEqual(first);
    expect(ledger.stock.get('SKU-A')).toBe(3);
  });
});

describe('releaseStock', () => {
  it('gives reserved stock back once; a second call returns the same result and gives nothing more', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    await reserveStock(ledger, { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 2 }] }, NOW);
    const first = await releaseStock(ledger, { orderId: ORDER }, LATER);
    const second = await releaseStock(ledger, { orderId: ORDER }, LATER);
    expect(first).toEqual({ orderId: ORDER, status: 'RELEASED', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    expect(second).toEqual(first);
    expect(ledger.stockReturns).toBe(1);
    expect(ledger.stock.get('SKU-A')).toBe(5);
    expect(ledger.reservations.get(ORDER)).toMatchObject({ status: 'RELEASED', updatedAt: LATER });
  });

  it('is a recorded no-op when nothing was reserved, so a late reservation takes nothing', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    const first = await releaseStock(ledger, { orderId: ORDER }, NOW);
    expect(first).toEqual({ orderId: ORDER, status: 'RELEASED', lines: [] });
    await expect(releaseStock(ledger, { orderId: ORDER }, LATER)).resolves.toEqual(first);
    expect(ledger.stockReturns).toBe(0);
    const late = await reserveStock(ledger, { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1 }] }, LATER);
    expect(late.status).toBe('RELEASED');
    expect(ledger.stock.get('SKU-A')).toBe(5);
  });

  it('releases a reservation that appeared between the read and the tombstone write', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    ledger.interleave = () => {
      ledger.stock.set('SKU-A', 3);
      ledger.reservations.set(ORDER, {
        orderId: ORDER,
        status: 'RESERVED',
        lines: [{ sku: 'SKU-A', quantity: 2 }],
        createdAt: NOW,
        updatedAt: NOW,
      });
    };
    const result = await releaseStock(ledger, { orderId: ORDER }, LATER);
    expect(result).toEqual({ orderId: ORDER, status: 'RELEASED', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    expect(ledger.stockReturns).toBe(1);
    expect(ledger.stock.get('SKU-A')).toBe(5);
  });

  it('does not release twice when a concurrent release wins the race', async () => {
    const ledger = ledgerWith({ 'SKU-A': 5 });
    await reserveStock(ledger, { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 2 }] }, NOW);
    ledger.interleave = () => {
      const current = ledger.reservations.get(ORDER);
      if (current) ledger.reservations.set(ORDER, { ...current, status: 'RELEASED' });
      ledger.stock.set('SKU-A', 5);
    };
    const result = await releaseStock(ledger, { orderId: ORDER }, LATER);
    // Same result as the winner's: the record is RELEASED with what it held. Stock went back once (by the winner).
    expect(result).toEqual({ orderId: ORDER, status: 'RELEASED', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    expect(ledger.stockReturns).toBe(0);
    expect(ledger.stock.get('SKU-A')).toBe(5);
  });
});
