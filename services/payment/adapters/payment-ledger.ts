import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { DynamoDbPaymentLedger } from './dynamodb-payment-ledger';

let ledger: DynamoDbPaymentLedger | undefined;

/** The ledger the handlers use, built once per process from PAYMENTS_TABLE. */
export function paymentLedger(): DynamoDbPaymentLedger {
  ledger ??= new DynamoDbPaymentLedger(dynamoDocumentClient(), requireEnv('PAYMENTS_TABLE'));
  return ledger;
}
