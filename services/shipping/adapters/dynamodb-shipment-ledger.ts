import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderRecordPartitionKey } from '#shared/declaration';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import { TransientError } from '#shared/errors';
import type { CreateOutcome, ShipmentLedger, TransitionOutcome } from '../domain/shipment';
import { ShipmentSchema, type Shipment, type ShipmentStatus } from '../schemas';
import declaration from '../service';

/**
 * Key layout of the shipments table: one item per order, string partition key
 * `pk = <keyPrefix><orderId>` (`orderRecord` of services/shipping/service.ts, which the offline
 * runtime and the order invariant read too); the other attributes are the Shipment record as is.
 */
export const shipmentKey = (orderId: string) => ({ pk: orderRecordPartitionKey(declaration.orderRecord, orderId) });

function toShipment(item: Record<string, unknown> | undefined): Shipment | undefined {
  return item ? ShipmentSchema.parse(item) : undefined;
}

export class DynamoDbShipmentLedger implements ShipmentLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(orderId: string): Promise<Shipment | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: shipmentKey(orderId), ConsistentRead: true }),
    );
    return toShipment(Item);
  }

  async create(shipment: Shipment): Promise<CreateOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...shipmentKey(shipment.orderId), ...shipment },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.find(shipment.orderId);
      // Records are never deleted, so this only happens if someone edits the table by hand.
      if (!existing) throw new TransientError(`Shipment record of order ${shipment.orderId} vanished; retry`);
      return { kind: 'exists', shipment: existing };
    }
  }

  async transition(orderId: string, from: ShipmentStatus, to: ShipmentStatus, now: string): Promise<TransitionOutcome> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: shipmentKey(orderId),
          UpdateExpression: 'SET #status = :to, updatedAt = :now',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from, ':to': to, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const shipment = toShipment(Attributes);
      if (!shipment) throw new Error(`UpdateItem on the shipment of order ${orderId} returned no attributes`);
      return { kind: 'updated', shipment };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { kind: 'changed', shipment: await this.find(orderId) };
    }
  }
}
