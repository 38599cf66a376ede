import { fakeTrackingNumber } from '../../../services/shipping/adapters/fake-carrier';
import {
  cancelShipment,
  createShipment,
  mergeLines,
  ShippingUnavailable,
} from '../../../services/shipping/domain/shipment';
import type { CreateShipmentInput, Shipment } from '../../../services/shipping/schemas';
import { fakePorts } from './fakes';

const NOW = '2026-11-25T12:00:00.000Z';
const LATER = '2026-11-25T12:05:00.000Z';
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const TRACKING = fakeTrackingNumber(ORDER);
const address = { name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Köln', postalCode: '51147', country: 'DE' };

const input = (country = 'DE'): CreateShipmentInput => ({
  orderId: ORDER,
  shippingAddress: { ...address, country },
  items: [
    { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2499 },
    { sku: 'SKU-KEYBOARD', quantity: 1 },
    { sku: 'SKU-MOUSE', quantity: 1 },
  ],
});

const created: Shipment = {
  orderId: ORDER,
  status: 'CREATED',
  carrier: 'FakeCarrier',
  trackingNumber: TRACKING,
  address,
  lines: [
    { sku: 'SKU-KEYBOARD', quantity: 1 },
    { sku: 'SKU-MOUSE', quantity: 3 },
  ],
  createdAt: NOW,
  updatedAt: NOW,
};
// What an undo that found nothing to undo writes: marked, so reports read it as nothing having happened.
const tombstone: Shipment = {
  orderId: ORDER,
  status: 'CANCELLED',
  lines: [],
  nothingToUndo: true,
  createdAt: NOW,
  updatedAt: NOW,
};

describe('mergeLines', () => {
  it('merges lines of the same SKU, sorts them and keeps only sku and quantity', () => {
    expect(mergeLines(input().items)).toEqual(created.lines);
    expect(mergeLines([])).toEqual([]);
  });
});

describe('createShipment', () => {
  it('books with the carrier and stores the CREATED shipment', async () => {
    const ports = fakePorts();
    await expect(createShipment(ports, input(), NOW)).resolves.toEqual(created);
    expect(await ports.ledger.find(ORDER)).toEqual(created);
    expect(ports.carrier.calls).toEqual([{ op: 'book', request: { orderId: ORDER, address, lines: created.lines } }]);
  });

  it('is idempotent: a second call returns the stored shipment without booking again', async () => {
    const ports = fakePorts();
    const first = await createShipment(ports, input(), NOW);
    await expect(createShipment(ports, input(), LATER)).resolves.toEqual(first);
    expect(ports.carrier.ops()).toEqual(['book']);
    expect(ports.ledger.writes).toBe(1);
  });

  it('throws ShippingUnavailable for AQ and writes nothing', async () => {
    const ports = fakePorts();
    const error = await createShipment(ports, input('AQ'), NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShippingUnavailable);
    expect(error).toMatchObject({ name: 'ShippingUnavailable', country: 'AQ', orderId: ORDER, httpStatus: 422 });
    expect((error as Error).message).toMatch(/cannot be shipped to AQ/);
    expect(ports.ledger.records.size).toBe(0);
  });

  it('returns a CANCELLED tombstone unchanged and ships nothing', async () => {
    const ports = fakePorts();
    ports.ledger.put(tombstone);
    await expect(createShipment(ports, input(), LATER)).resolves.toEqual(tombstone);
    expect(ports.carrier.calls).toHaveLength(0);
  });

  it('loses the race to the compensation tombstone: cancels its own booking and returns CANCELLED', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(tombstone));
    await expect(createShipment(ports, input(), NOW)).resolves.toEqual(tombstone);
    expect(ports.carrier.calls[1]).toEqual({ op: 'cancel', trackingNumber: TRACKING });
  });

  it('loses the race to an identical booking: returns it and cancels nothing', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(created));
    await expect(createShipment(ports, input(), LATER)).resolves.toEqual(created);
    expect(ports.carrier.ops()).toEqual(['book']);
  });
});

describe('cancelShipment', () => {
  it('cancels a CREATED shipment with the carrier and returns the CANCELLED record', async () => {
    const ports = fakePorts();
    ports.ledger.put(created);
    const expected = { ...created, status: 'CANCELLED', updatedAt: LATER };
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(expected);
    expect(await ports.ledger.find(ORDER)).toEqual(expected);
    expect(ports.carrier.calls).toEqual([{ op: 'cancel', trackingNumber: TRACKING }]);
  });

  it('is idempotent: the second call returns the same record and cancels nothing more', async () => {
    const ports = fakePorts();
    ports.ledger.put(created);
    const first = await cancelShipment(ports, { orderId: ORDER }, LATER);
    await expect(cancelShipment(ports, { orderId: ORDER }, '2026-11-25T12:10:00.000Z')).resolves.toEqual(first);
    expect(ports.carrier.ops()).toEqual(['cancel']);
    expect(ports.ledger.writes).toBe(1);
  });

  it('with no shipment writes a CANCELLED tombstone, so a late createShipment cannot ship', async () => {
    const ports = fakePorts();
    await expect(cancelShipment(ports, { orderId: ORDER }, NOW)).resolves.toEqual(tombstone);
    expect(await ports.ledger.find(ORDER)).toEqual(tombstone);
    await expect(createShipment(ports, input(), LATER)).resolves.toEqual(tombstone);
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(tombstone);
    expect(ports.carrier.calls).toHaveLength(0);
    expect(ports.ledger.writes).toBe(1);
  });

  it('loses the tombstone race to a late shipment: cancels that shipment', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(created));
    const expected = { ...created, status: 'CANCELLED', updatedAt: LATER };
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(expected);
    expect(await ports.ledger.find(ORDER)).toEqual(expected);
    expect(ports.carrier.calls).toEqual([{ op: 'cancel', trackingNumber: TRACKING }]);
  });

  it('loses the race to a concurrent cancellation: returns the record the winner wrote', async () => {
    const ports = fakePorts();
    ports.ledger.put(created);
    const cancelled: Shipment = { ...created, status: 'CANCELLED' };
    ports.ledger.beforeNextWrite((ledger) => ledger.put(cancelled));
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(cancelled);
    expect(ports.ledger.writes).toBe(0);
  });

  it('writes a tombstone when the record vanished between read and write', async () => {
    const ports = fakePorts();
    ports.ledger.put(created);
    ports.ledger.beforeNextWrite((ledger) => ledger.records.clear());
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual({
      ...tombstone,
      createdAt: LATER,
      updatedAt: LATER,
    });
  });

  it('cancels a CREATED record without a tracking number without calling the carrier', async () => {
    const ports = fakePorts();
    ports.ledger.put({ ...created, trackingNumber: undefined });
    await expect(cancelShipment(ports, { orderId: ORDER }, LATER)).resolves.toEqual({
      ...created,
      trackingNumber: undefined,
      status: 'CANCELLED',
      updatedAt: LATER,
    });
    expect(ports.ledger.writes).toBe(1);
    expect(ports.carrier.calls).toHaveLength(0);
  });
});
