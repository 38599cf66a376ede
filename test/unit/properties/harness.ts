/**
 * Shared set-up of the bad-input property tests: every AWS client the services use is mocked, so a
 * test can prove that a rejected input sent no command at all (nothing written, published or started).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import type { BrokenInput, MalformedCase } from '../../support/arbitraries';

/**
 * Generated inputs per entry point (mixing every way of breaking it): 100 in `npm test`; `npm run
 * test:slow` runs these files again with PROPERTY_RUNS=1000 (test/slow/properties.test.ts).
 */
export const NUM_RUNS = propertyRuns(process.env.PROPERTY_RUNS);

function propertyRuns(value: string | undefined): number {
  if (value === undefined) return 100;
  const runs = Number(value);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`PROPERTY_RUNS must be a positive whole number, not ${value}`);
  return runs;
}
/** Inputs per single way of breaking an entry point (one field, one rule). */
export const RUNS_PER_CASE = 15;

/**
 * `check` as a property of generated malformed inputs: it gets the input, and a failure prints the
 * field, the mutation and the value (the `BrokenInput` is the counterexample).
 */
export const onInput =
  <T>(check: (input: T) => Promise<void>) =>
  (broken: BrokenInput<T>): Promise<void> =>
    check(broken.input);

/** Checks every malformed case separately, so each limit and rule is exercised; names the case that fails. */
export async function assertEveryCase<T>(cases: MalformedCase<T>[], check: (input: T) => Promise<void>): Promise<void> {
  for (const { label, arbitrary } of cases) {
    try {
      await fc.assert(fc.asyncProperty(arbitrary, onInput(check)), { numRuns: RUNS_PER_CASE });
    } catch (error) {
      throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Every variable any handler reads, so a handler that got past validation would reach its (mocked) client. */
export function setServiceEnvironment(): void {
  Object.assign(process.env, {
    INVENTORY_TABLE: 'inventory-test',
    PAYMENTS_TABLE: 'payments-test',
    SHIPMENTS_TABLE: 'shipments-test',
    ORDERS_TABLE: 'orders-test',
    NOTIFICATIONS_TABLE: 'notifications-test',
    ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:order-events-test',
    ORDER_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing-test',
    REVIEW_THRESHOLD: '100000',
    FULFILMENT_WINDOW_SECONDS: '300',
  });
}

export const documentClientMock = mockClient(DynamoDBDocumentClient);
export const dynamoDbMock = mockClient(DynamoDBClient);
export const snsMock = mockClient(SNSClient);
export const sfnMock = mockClient(SFNClient);

export function resetAwsMocks(): void {
  for (const mock of [documentClientMock, dynamoDbMock, snsMock, sfnMock]) mock.reset();
}

/** Fails when any AWS command was sent since the last reset. */
export function expectNoAwsCommands(): void {
  expect(documentClientMock.calls()).toHaveLength(0);
  expect(dynamoDbMock.calls()).toHaveLength(0);
  expect(snsMock.calls()).toHaveLength(0);
  expect(sfnMock.calls()).toHaveLength(0);
}
