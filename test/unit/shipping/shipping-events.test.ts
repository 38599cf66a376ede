import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { shipmentKey } from '../../../services/shipping/adapters/dynamodb-shipment-ledger';
import { fakeTrackingNumber } from '../../../services/shipping/adapters/fake-carrier';
import {
  CancelShipmentInputSchema,
  CreateShipmentInputSchema,
  ShipmentSchema,
} from '../../../services/shipping/schemas';
import { handler as createShipmentHandler } from '../../../services/shipping/handlers/createShipment';
import { handler as cancelShipmentHandler } from '../../../services/shipping/handlers/cancelShipment';
import { describeTaskEventFiles } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

/** Guards the sample events of `sls invoke local -f <function> -p events/<function>/<case>.json`. */
const ROOT = resolve(__dirname, '../../..');
const functions = {
  createShipment: { handler: createShipmentHandler, schema: CreateShipmentInputSchema },
  cancelShipment: { handler: cancelShipmentHandler, schema: CancelShipmentInputSchema },
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeAll(() => {
  process.env.SHIPMENTS_TABLE = 'shipments-events-test';
});
beforeEach(() => ddbMock.reset());

describeTaskEventFiles(functions, () => ddbMock.calls().length, fakeContext);

describe('events/seed.json ShipmentsTable', () => {
  const seed = readJson(join(ROOT, 'events/seed.json')) as { ShipmentsTable?: Record<string, unknown>[] };
  const items = seed.ShipmentsTable ?? [];

  it('holds valid shipment records under their key, with tracking numbers the fake carrier would have issued', () => {
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const shipment = ShipmentSchema.parse(item);
      expect(item.pk).toBe(shipmentKey(shipment.orderId).pk);
      if (shipment.trackingNumber) expect(shipment.trackingNumber).toBe(fakeTrackingNumber(shipment.orderId));
    }
  });

  it('seeds the order cancelShipment/valid.json cancels, and nothing for the createShipment samples', () => {
    const byOrder = new Map(items.map((item) => [item.orderId, item.status]));
    const orderOf = (fn: string, file: string) =>
      (readJson(join(ROOT, 'events', fn, file)) as { orderId: string }).orderId;
    expect(byOrder.get(orderOf('cancelShipment', 'valid.json'))).toBe('CREATED');
    expect(byOrder.has(orderOf('createShipment', 'valid.json'))).toBe(false);
    expect(byOrder.has(orderOf('createShipment', 'error-unsupported-country.json'))).toBe(false);
  });
});
