import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { orderRecordPartitionKey } from '#shared/declaration';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import { TransientError } from '#shared/errors';
import type { ReleaseOutcome, ReserveOutcome, StockLedger } from '../domain/reservation';
import { ReservationSchema, StockItemSchema, type Reservation, type StockItem } from '../schemas';
import declaration from '../service';

/**
 * Key layout of the inventory table (single table, string partition key `pk`): `SKU#<sku>` per
 * stock item; an order's reservation where the declaration says it is (`orderRecord.keyPrefix` of
 * services/inventory/service.ts, which the offline runtime and the order invariant read too).
 */
export const stockKey = (sku: string) => ({ pk: `SKU#${sku}` });
export const reservationKey = (orderId: string) => ({ pk: orderRecordPartitionKey(declaration.orderRecord, orderId) });

/**
 * DynamoDB cancels a transaction that races another one on the same item (TransactionConflict).
 * Contention on a popular SKU is normal, not an error: retry with full-jitter backoff for up to
 * CONTENTION_BUDGET_MS (well inside the function's timeout), then report it as transient so the
 * state machine's Retry takes over.
 */
const CONTENTION_BUDGET_MS = 6000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitteredBackoff = (attempt: number) => Math.random() * Math.min(250, 10 * 2 ** Math.min(attempt, 10));

function isOnlyConflict(reasons: CancellationReason[]): boolean {
  return (
    reasons.some((r) => r.Code === 'TransactionConflict') &&
    reasons.every((r) => r.Code === 'TransactionConflict' || r.Code === 'None')
  );
}

function toReservation(item: Record<string, unknown> | undefined): Reservation | undefined {
  return item ? ReservationSchema.parse(item) : undefined;
}

export class DynamoDbStockLedger implements StockLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findReservation(orderId: string): Promise<Reservation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: reservationKey(orderId), ConsistentRead: true }),
    );
    return toReservation(Item);
  }

  async getStock(sku: string): Promise<StockItem | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: stockKey(sku), ConsistentRead: true }),
    );
    return Item ? StockItemSchema.parse(Item) : undefined;
  }

  async reserve(reservation: Reservation): Promise<ReserveOutcome> {
    const { lines } = reservation;
    const command = new TransactWriteCommand({
      TransactItems: [
        ...lines.map((line) => ({
          Update: {
            TableName: this.tableName,
            Key: stockKey(line.sku),
            UpdateExpression: 'SET available = available - :qty',
            ConditionExpression: 'attribute_exists(pk) AND available >= :qty',
            ExpressionAttributeValues: { ':qty': line.quantity },
          },
        })),
        {
          Put: {
            TableName: this.tableName,
            Item: { ...reservationKey(reservation.orderId), ...reservation },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    });
    // After losing a race, look before trying again: once the stock is gone, the losers of a rush
    // on one SKU answer OutOfStock at the cost of a read instead of retrying the transaction.
    const shortAfterConflict = async () => {
      const short = await this.shortSkus(lines);
      return short.length > 0 ? { kind: 'insufficient' as const, skus: short } : undefined;
    };
    const result = await this.transact(command, shortAfterConflict);
    if (result === undefined) return { kind: 'reserved' };
    if (!Array.isArray(result)) return result;
    const reasons = result;

    const reservationReason = reasons[lines.length];
    if (reservationReason?.Code === 'ConditionalCheckFailed') {
      const existing = toReservation(reservationReason.Item ? unmarshall(reservationReason.Item) : undefined);
      return existing ? { kind: 'exists', reservation: existing } : { kind: 'insufficient', skus: [] };
    }
    const skus = lines.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed').map((line) => line.sku);
    return { kind: 'insufficient', skus };
  }

  async release(reservation: Reservation, now: string): Promise<ReleaseOutcome> {
    const { lines } = reservation;
    const command = new TransactWriteCommand({
      TransactItems: [
        ...lines.map((line) => ({
          Update: {
            TableName: this.tableName,
            Key: stockKey(line.sku),
            UpdateExpression: 'SET available = available + :qty',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':qty': line.quantity },
          },
        })),
        {
          Update: {
            TableName: this.tableName,
            Key: reservationKey(reservation.orderId),
            UpdateExpression: 'SET #status = :released, updatedAt = :now',
            ConditionExpression: '#status = :reserved',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'RELEASED', ':reserved': 'RESERVED', ':now': now },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    });
    const reasons = await this.transact<never>(command);
    if (!reasons) return { kind: 'released' };
    const reason = reasons[lines.length];
    return { kind: 'changed', reservation: toReservation(reason?.Item ? unmarshall(reason.Item) : undefined) };
  }

  async recordEmptyRelease(orderId: string, now: string): Promise<ReleaseOutcome> {
    const record: Reservation = {
      orderId,
      status: 'RELEASED',
      lines: [],
      nothingToUndo: true,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...reservationKey(orderId), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'released' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { kind: 'changed', reservation: await this.findReservation(orderId) };
    }
  }

  /** SKUs of these lines whose current stock (strongly consistent read) cannot cover them. */
  private async shortSkus(lines: readonly { sku: string; quantity: number }[]): Promise<string[]> {
    const stock = await Promise.all(lines.map((line) => this.getStock(line.sku)));
    return lines.filter((line, i) => (stock[i]?.available ?? 0) < line.quantity).map((line) => line.sku);
  }

  /**
   * Runs a transaction. Returns undefined on success, or the cancellation reasons when a
   * condition failed. Pure contention is retried with jittered backoff (after `beforeRetry` had
   * its say), then reported as transient.
   */
  private async transact<T>(
    command: TransactWriteCommand,
    beforeRetry?: () => Promise<T | undefined>,
  ): Promise<CancellationReason[] | T | undefined> {
    const deadline = Date.now() + CONTENTION_BUDGET_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(command);
        return undefined;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (!isOnlyConflict(reasons)) return reasons;
        if (Date.now() >= deadline) {
          throw new TransientError('Inventory transaction kept conflicting with concurrent reservations');
        }
        await sleep(jitteredBackoff(attempt));
        const settled = await beforeRetry?.();
        if (settled !== undefined) return settled;
      }
    }
  }
}
