import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbShipmentLedger, shipmentKey } from '../../../services/shipping/adapters/dynamodb-shipment-ledger';
import type { Shipment } from '../../../services/shipping/schemas';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ledger = new DynamoDbShipmentLedger(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'shipments');
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const T0 = '2026-11-25T12:00:00.000Z';
const shipment: Shipment = { orderId: ORDER, status: 'CANCELLED', lines: [], createdAt: T0, updatedAt: T0 };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => ddbMock.reset());

describe('DynamoDbShipmentLedger', () => {
  it('keys records by SHIPMENT#<orderId> and strips the key when reading', async () => {
    expect(shipmentKey(ORDER)).toEqual({ pk: `SHIPMENT#${ORDER}` });
    ddbMock.on(GetCommand).resolves({ Item: { ...shipmentKey(ORDER), ...shipment } });
    await expect(ledger.find(ORDER)).resolves.toEqual(shipment);
    ddbMock.on(GetCommand).resolves({});
    await expect(ledger.find(ORDER)).resolves.toBeUndefined();
  });

  it('reports a create that lost the race with the record that won', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: shipment });
    await expect(ledger.create({ ...shipment, status: 'CREATED' })).resolves.toEqual({ kind: 'exists', shipment });
  });

  it('reports a transient error when the record that made the create fail is gone', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({});
    await expect(ledger.create(shipment)).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('passes other errors through', async () => {
    ddbMock.on(PutCommand).rejects(new Error('throttled'));
    ddbMock.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(ledger.create(shipment)).rejects.toThrow('throttled');
    await expect(ledger.transition(ORDER, 'CREATED', 'CANCELLED', T0)).rejects.toThrow('throttled');
  });

  it('reports a lost transition with the current record', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: shipment });
    await expect(ledger.transition(ORDER, 'CREATED', 'CANCELLED', T0)).resolves.toEqual({ kind: 'changed', shipment });
  });

  it('fails when an update returns no attributes', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    await expect(ledger.transition(ORDER, 'CREATED', 'CANCELLED', T0)).rejects.toThrow(/returned no attributes/);
  });
});
