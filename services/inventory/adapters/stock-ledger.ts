import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { DynamoDbStockLedger } from './dynamodb-stock-ledger';

let ledger: DynamoDbStockLedger | undefined;

/** The ledger the handlers use, built once per process from INVENTORY_TABLE. */
export function stockLedger(): DynamoDbStockLedger {
  ledger ??= new DynamoDbStockLedger(dynamoDocumentClient(), requireEnv('INVENTORY_TABLE'));
  return ledger;
}
