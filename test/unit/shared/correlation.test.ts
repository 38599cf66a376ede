/**
 * The order id is the correlation id of every invocation that has one: each kind of handler
 * (Task, HTTP with a path id, createOrder once the id is known, the SNS subscriber) logs it as
 * `orderId` and `correlation_id` on every line, annotates the trace with it, and forgets it when
 * the invocation ends.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import { orderIdFor } from '../../../services/orders/domain/create-order';
import { fakeContext } from '../../support/lambda-context';
import { completed, ORDER_ID, snsEvent } from '../notification/fakes';
import { anOrder, httpEvent, orderId } from '../orders/fixtures';
import { captureOutput, type CapturedOutput, type JsonLine } from './output';

process.env.ORDERS_TABLE = 'orders-test';
process.env.ORDER_STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing-test';
process.env.ORDER_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-events';
process.env.REVIEW_THRESHOLD = '100000';
process.env.FULFILMENT_WINDOW_SECONDS = '300';
process.env.NOTIFICATIONS_TABLE = 'notifications-test';
// The tests run SILENT; these lines are what this test is about. The level is configured as in
// Lambda, before the handlers' loggers exist: Powertools' injectLambdaContext sets every invocation
// back to the configured level (a setLogLevel between invocations does not last).
const configuredLevel = process.env.POWERTOOLS_LOG_LEVEL;
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
afterAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = configuredLevel;
});

let updateOrderStatus: typeof import('../../../services/orders/handlers/updateOrderStatus').handler;
let getOrder: typeof import('../../../services/orders/handlers/getOrder').handler;
let createOrder: typeof import('../../../services/orders/handlers/createOrder').handler;
let notifyCustomer: typeof import('../../../services/notification/handlers/notifyCustomer').handler;
let putAnnotation: jest.SpyInstance;

beforeAll(async () => {
  ({ handler: updateOrderStatus } = await import('../../../services/orders/handlers/updateOrderStatus'));
  ({ handler: getOrder } = await import('../../../services/orders/handlers/getOrder'));
  ({ handler: createOrder } = await import('../../../services/orders/handlers/createOrder'));
  ({ handler: notifyCustomer } = await import('../../../services/notification/handlers/notifyCustomer'));
  putAnnotation = jest.spyOn((await import('../../../services/shared/tracer')).processTracer(), 'putAnnotation');
});

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
let output: CapturedOutput;
beforeEach(() => {
  ddbMock.reset();
  sfnMock.reset();
  putAnnotation.mockClear();
  output = captureOutput();
});
afterEach(() => output.restore());

const id = orderId(42);
const CUSTOMER = 'cust_0001';
const orderBody = {
  currency: 'EUR',
  items: [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 2999 }],
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Max Mustermann',
    line1: 'Unter den Linden 5',
    city: 'Berlin',
    postalCode: '10117',
    country: 'DE',
  },
};
const postOrder = (headers: Record<string, string> = {}) =>
  createOrder(
    httpEvent({
      routeKey: 'POST /orders',
      path: '/orders',
      body: orderBody,
      headers,
      claims: customerClaims(CUSTOMER),
    }),
    fakeContext(),
  );

const line = (message: string): JsonLine => {
  const found = output.logs().find((log) => log.message === message);
  if (!found) throw new Error(`no log line "${message}" in:\n${output.text()}`);
  return found;
};

describe('correlation id', () => {
  it('Task handler: the input orderId is on its log lines and the trace', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { pk: id, ...anOrder({ orderId: id, status: 'COMPLETED' }) } });
    await expect(updateOrderStatus({ orderId: id, status: 'PENDING' }, fakeContext())).rejects.toMatchObject({
      name: 'InvalidStatusTransition',
    });
    expect(line('business error')).toMatchObject({ level: 'INFO', orderId: id, correlation_id: id });
    expect(putAnnotation).toHaveBeenCalledWith('orderId', id);
  });

  it('HTTP handler: the path orderId is on its log lines (here the 500 of a failing table)', async () => {
    ddbMock.on(GetCommand).rejects(new Error('table unreachable'));
    const result = await getOrder(
      httpEvent({ routeKey: 'GET /orders/{orderId}', path: `/orders/${id}`, pathParameters: { orderId: id } }),
      fakeContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(line('request failed')).toMatchObject({ level: 'ERROR', orderId: id, correlation_id: id });
    expect(putAnnotation).toHaveBeenCalledWith('orderId', id);
  });

  it('createOrder: the new order id is on its log lines once the order is stored', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const result = await postOrder();
    expect(result.statusCode).toBe(202);
    const created = (JSON.parse(result.body ?? '{}') as { orderId: string }).orderId;
    expect(line('order accepted')).toMatchObject({
      level: 'INFO',
      orderId: created,
      correlation_id: created,
      status: 'PENDING',
      created: true,
    });
    expect(putAnnotation).toHaveBeenCalledWith('orderId', created);
  });

  it('createOrder with an Idempotency-Key: the derived order id is known before anything is written', async () => {
    ddbMock.on(PutCommand).rejects(new Error('table unreachable'));
    const result = await postOrder({ 'idempotency-key': 'checkout-1' });
    expect(result.statusCode).toBe(500);
    const expected = orderIdFor(CUSTOMER, 'checkout-1');
    expect(line('request failed')).toMatchObject({ orderId: expected, correlation_id: expected });
  });

  it('SNS subscriber: the orderId inside the message is the correlation id', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    await notifyCustomer(snsEvent({ messageId: 'm-1', message: completed() }), fakeContext());
    expect(line('notification sent')).toMatchObject({ orderId: ORDER_ID, correlation_id: ORDER_ID });
    expect(putAnnotation).toHaveBeenCalledWith('orderId', ORDER_ID);
  });

  it('SNS subscriber: messages about several orders set no invocation-wide id (each line names its own)', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    await notifyCustomer(
      snsEvent({ messageId: 'm-1', message: completed() }, { messageId: 'm-2', message: completed({ orderId: id }) }),
      fakeContext(),
    );
    const sent = output.logs().filter((log) => log.message === 'notification sent');
    expect(sent.map((log) => log.orderId)).toEqual([ORDER_ID, id]);
    for (const log of sent) expect(log).not.toHaveProperty('correlation_id');
  });

  it('does not leak into the next warm invocation', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { pk: id, ...anOrder({ orderId: id, status: 'COMPLETED' }) } });
    await expect(updateOrderStatus({ orderId: id, status: 'PENDING' }, fakeContext())).rejects.toThrow();
    output.clear();

    // An invocation that fails before it knows its order id (no Idempotency-Key): no id on its line.
    ddbMock.on(PutCommand).rejects(new Error('table unreachable'));
    await postOrder();
    const failed = line('request failed');
    expect(failed).not.toHaveProperty('orderId');
    expect(failed).not.toHaveProperty('correlation_id');
  });
});
