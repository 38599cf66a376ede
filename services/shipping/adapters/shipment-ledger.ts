import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { DynamoDbShipmentLedger } from './dynamodb-shipment-ledger';

let ledger: DynamoDbShipmentLedger | undefined;

/** The ledger the handlers use, built once per process from SHIPMENTS_TABLE. */
export function shipmentLedger(): DynamoDbShipmentLedger {
  ledger ??= new DynamoDbShipmentLedger(dynamoDocumentClient(), requireEnv('SHIPMENTS_TABLE'));
  return ledger;
}
