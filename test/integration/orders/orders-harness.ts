/**
 * What the orders integration tests share: DynamoDB Local with the tables of serverless.yml, a stub
 * for Step Functions and SNS, the HTTP calls a customer or reviewer makes, and stored orders.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import { OrderSchema, type Order } from '../../../services/orders/schemas';
import { startTestStack, type TestStack } from '../../support/stack';
import { AwsStub } from './aws-stub';
import { httpEvent, json, type JsonResponse } from './http';
import { newOrderId } from '../../support/ids';

/** Set by useOrdersStack's beforeAll; importers read it live (an ES module binding), once the stack runs. */
export let stack: TestStack;
export const aws = new AwsStub();
/** Starts the stack and the stub before the calling test file, and stops them after it. */
export function useOrdersStack(): void {
  beforeAll(async () => {
    stack = await startTestStack();
    // Step Functions and SNS are not part of the embedded stack: the stub stands in for both.
    const endpoint = await aws.start();
    process.env.AWS_ENDPOINT_URL_SFN = endpoint;
    process.env.AWS_ENDPOINT_URL_SNS = endpoint;
  }, 240_000);
  afterAll(async () => {
    await aws.stop();
    await stack.stop();
  });
}

export const table = () => stack.tableName('OrdersTable');

async function stored(orderId: string): Promise<Order | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: orderId }, ConsistentRead: true }),
  );
  return Item ? OrderSchema.parse(Item) : undefined;
}

export async function storedOrFail(orderId: string): Promise<Order> {
  const order = await stored(orderId);
  if (!order) throw new Error(`order ${orderId} is not in the table`);
  return order;
}

export async function http(fn: string, ...args: Parameters<typeof httpEvent>): Promise<JsonResponse> {
  return json(await stack.invoke<APIGatewayProxyStructuredResultV2>(fn, httpEvent(...args)));
}

/** The customer of the orders this file creates or stores; tokens are as API Gateway's JWT authorizer passes them. */
const CUSTOMER = 'cust_it';
export const asCustomer = (sub = CUSTOMER) => customerClaims(sub);
const RISK_TEAM = reviewerClaims('risk-team');

export const orderBody = (overrides: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  items: [
    { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 },
    { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2999 },
  ],
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Max Mustermann',
    line1: 'Unter den Linden 5',
    city: 'Berlin',
    postalCode: '10117',
    country: 'DE',
  },
  ...overrides,
});

export const create = (body: unknown, key?: string, claims = asCustomer()) =>
  http('createOrder', 'POST /orders', undefined, body, key ? { 'Idempotency-Key': key } : {}, claims);
export const getOrder = (orderId: string, claims = asCustomer()) =>
  http('getOrder', 'GET /orders/{orderId}', { orderId }, undefined, {}, claims);
export const cancel = (orderId: string, claims = asCustomer()) =>
  http('cancelOrder', 'POST /orders/{orderId}/cancel', { orderId }, undefined, {}, claims);
export const review = (orderId: string, body: unknown, claims = RISK_TEAM) =>
  http('submitReview', 'POST /orders/{orderId}/review', { orderId }, body, {}, claims);
export const setStatus = (input: Record<string, unknown>) =>
  stack.invoke<Record<string, unknown>>('updateOrderStatus', input);

/** Stores an order directly, in a given state (for the Task functions). */
export async function givenOrder(overrides: Partial<Order> = {}): Promise<Order> {
  const now = new Date().toISOString();
  const order: Order = {
    orderId: newOrderId(),
    customerId: CUSTOMER,
    status: 'PENDING',
    items: [{ sku: 'SKU-MONITOR', quantity: 4, unitPrice: 34900 }],
    total: { amount: 139600, currency: 'EUR' },
    paymentToken: 'tok_visa',
    shippingAddress: {
      name: 'Erika Mustermann',
      line1: 'Heidestrasse 17',
      city: 'Köln',
      postalCode: '51147',
      country: 'DE',
    },
    fulfilmentWindowSeconds: 0,
    requiresReview: true,
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'PENDING', at: now }],
    ...overrides,
  };
  await stack.documentClient.send(new PutCommand({ TableName: table(), Item: { pk: order.orderId, ...order } }));
  return order;
}
