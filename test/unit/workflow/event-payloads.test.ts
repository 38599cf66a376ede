/**
 * Every payload that reaches the order-events topic or the dead-letter queue, checked against its one
 * schema:
 * - the order events (OrderCompleted, OrderCancelled, ReviewRequested): ORDER_EVENT_SCHEMAS,
 *   services/shared/events.ts, which the notification service parses;
 * - the dead letter: DeadLetterSchema, ops/redrive/redrive.ts, which the redrive parses.
 *
 * Each publisher's payload is built as it really is, then parsed: the definition's `Message` and
 * `MessageBody` (JSONata `Arguments` of workflows/order-processing.asl.yml) evaluated by the offline
 * engine's JSONata evaluator with the variables the execution has when it reaches them; the redrive's announcements (ops/redrive/redrive.ts,
 * fed with those dead letters); the orders service's ReviewRequested. A payload must parse, and carry
 * no field its schema does not name (a field the schema does not know is dropped or ignored silently).
 */
import { resolveIntrinsics } from 'offline-aws/serverless/cloudformation';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import type { JsonObject } from 'offline-aws/engine/definition';
import { evaluateJsonataField } from 'offline-aws/engine/query/jsonata/index';
import { DeadLetterSchema, redriveDeadLetters, type DeadLetterMessage } from '../../../ops/redrive/redrive';
import type { OrderEvent } from '../../../services/orders/domain/ports';
import { requestReview } from '../../../services/orders/domain/review';
import { WorkflowInputSchema, type WorkflowInput } from '../../../services/orders/schemas';
import { ORDER_EVENT_SCHEMAS, type OrderEventType } from '../../../services/shared/events';
import { ESCALATION_ERRORS, ORDER_OUTCOME_ERRORS } from '../../../services/shared/workflow-errors';
import { FakeOrderRepository } from '../orders/fake-order-repository';
import { anOrder, NOW } from '../orders/fixtures';
import { sagaStates } from './saga-states';

const config = loadServerlessConfig();
const ORDER_EVENTS_TOPIC = String(resolveIntrinsics(config, { Ref: 'OrderEventsTopic' }));
const DEAD_LETTER_QUEUE = String(resolveIntrinsics(config, { Ref: 'CompensationDeadLetterQueue' }));
const EXECUTION_ID = 'arn:aws:states:eu-west-1:000000000000:execution:order-processing:ord_1';

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** Every state of the definition (Parallel branches included), by name. */
function statesOf(states: JsonObject): [string, JsonObject][] {
  return Object.entries(states).flatMap(([name, raw]) => {
    const state = asObject(raw);
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    return [[name, state], ...branches.flatMap((branch) => statesOf(asObject(asObject(branch).States)))];
  });
}
// The saga's and its Express children's (PublishOrderCompleted is in the complete-order child).
const states = statesOf(sagaStates(config));

/** The Task states that send to `target` through the integration `resource`: name and Arguments. */
const sendersTo = (resource: string, field: string, target: string): [string, JsonObject][] =>
  states
    .filter(([, state]) => state.Resource === resource && asObject(state.Arguments)[field] === target)
    .map(([name, state]) => [name, asObject(state.Arguments)]);

/** The execution input createOrder starts with (the contract WorkflowInputSchema parses it). */
const input: WorkflowInput = WorkflowInputSchema.parse({
  orderId: `ord_${'3'.repeat(32)}`,
  customerId: 'cust_0001',
  items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
  total: { amount: 8999, currency: 'EUR' },
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Erika Mustermann',
    line1: 'Hauptstraße 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
  fulfilmentWindowSeconds: 0,
  requiresReview: false,
});

/**
 * The variables as a publishing step sees them: the order (assigned by AssessRisk) and what the
 * steps before it assigned (the failure that started the compensation, a failed step's error).
 */
const variablesWith = (error: string): JsonObject => ({
  order: input,
  cancelRequested: false,
  failure: { Error: error, Cause: `${error} (sample cause)` },
  compensationFailure: { Error: 'Lambda.Unknown', Cause: 'the undo step kept failing' },
  completionFailure: { Error: 'States.Timeout', Cause: 'the step after the pivot kept failing' },
});

/** What the offline engine makes of a payload (`Message`, `MessageBody`: JSONata `Arguments`) with `values`. */
function evaluate(template: Json | undefined, values: JsonObject): Promise<unknown> {
  const variables = { get: (name: string) => values[name], all: () => values };
  // A state's input is the previous state's result, which no payload reads.
  const scope = { input: {}, context: { Execution: { Id: EXECUTION_ID } }, variables };
  return evaluateJsonataField(template ?? null, scope, 'Arguments');
}

/** The fields of `payload` its schema does not name (each would be lost on the way). */
const unnamedFields = (payload: unknown, shape: Record<string, unknown>): string[] =>
  Object.keys(asObject(payload as Json)).filter((field) => !(field in shape));

/** Parses an order event with the schema of its `type`; the problems, with where the payload comes from. */
function orderEventProblems(payload: unknown, from: string): string[] {
  const type = String(asObject(payload as Json).type);
  const schema = Object.hasOwn(ORDER_EVENT_SCHEMAS, type) ? ORDER_EVENT_SCHEMAS[type as OrderEventType] : undefined;
  if (schema === undefined) return [`${from}: event type ${type} has no schema in services/shared/events.ts`];
  const parsed = schema.safeParse(payload);
  return [
    ...(parsed.success ? [] : [`${from}: ${type} does not parse: ${JSON.stringify(parsed.error.issues)}`]),
    ...unnamedFields(payload, schema.shape).map(
      (field) => `${from}: ${type} field ${field} is not in its schema (services/shared/events.ts)`,
    ),
  ];
}

it('reports a payload that misses a field of its schema, or carries one the schema does not name', () => {
  const completed = { type: 'OrderCompleted', orderId: input.orderId, customerId: 'c', total: input.total };
  expect(orderEventProblems(completed, 'sample')).toEqual([]);
  expect(orderEventProblems({ ...completed, total: undefined }, 'sample')).toEqual([
    expect.stringMatching(/^sample: OrderCompleted does not parse: .*total/),
  ]);
  expect(orderEventProblems({ ...completed, totl: 1 }, 'sample')).toEqual([
    'sample: OrderCompleted field totl is not in its schema (services/shared/events.ts)',
  ]);
  expect(orderEventProblems({ ...completed, type: 'OrderShipped' }, 'sample')).toEqual([
    'sample: event type OrderShipped has no schema in services/shared/events.ts',
  ]);
});

/** Sample failures: every order outcome and escalation (the reasons an OrderCancelled carries). */
const FAILURES = [...ORDER_OUTCOME_ERRORS, ...ESCALATION_ERRORS];

describe('the state machine’s order events (workflows/order-processing.asl.yml)', () => {
  const publishers = sendersTo('arn:aws:states:::sns:publish', 'TopicArn', ORDER_EVENTS_TOPIC);

  it('publishes OrderCompleted and OrderCancelled to the order-events topic', () => {
    const types = publishers.map(([, args]) => asObject(args.Message).type);
    expect(types.sort()).toEqual(['OrderCancelled', 'OrderCompleted']);
  });

  it.each(publishers)('%s: its Message parses with its schema (services/shared/events.ts)', async (name, args) => {
    const problems: string[] = [];
    for (const error of FAILURES) {
      problems.push(...orderEventProblems(await evaluate(args.Message, variablesWith(error)), name));
    }
    expect(problems).toEqual([]);
  });

  it.each(publishers)('%s: its eventType attribute (what subscribers filter on) is its type', (_name, args) => {
    const attributes = asObject(asObject(args.MessageAttributes).eventType);
    expect(attributes).toEqual({ DataType: 'String', StringValue: asObject(args.Message).type });
  });
});

describe('the dead letters (MessageBody, read by the redrive as DeadLetterSchema of ops/redrive/redrive.ts)', () => {
  const senders = sendersTo('arn:aws:states:::sqs:sendMessage', 'QueueUrl', DEAD_LETTER_QUEUE);
  const letters = async (): Promise<unknown[]> =>
    Promise.all(senders.map(([, args]) => evaluate(args.MessageBody, variablesWith('OutOfStock'))));

  it('has one dead-letter step per direction', () => {
    expect(senders.map(([, args]) => asObject(args.MessageBody).action).sort()).toEqual(['compensate', 'complete']);
  });

  it.each(senders)('%s: its MessageBody parses with DeadLetterSchema and names no other field', async (_name, p) => {
    const body = await evaluate(p.MessageBody, variablesWith('OutOfStock'));
    expect(DeadLetterSchema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(unnamedFields(body, DeadLetterSchema.shape)).toEqual([]);
  });

  it('the redrive announces each letter with an order event its schema parses (ops/redrive/redrive.ts)', async () => {
    const bodies = await letters();
    const queue = [...bodies];
    const published: { topicArn: string; event: unknown }[] = [];
    const report = await redriveDeadLetters(
      {
        receive: async (): Promise<DeadLetterMessage[]> =>
          queue.splice(0).map((body, index) => ({ body: JSON.stringify(body), receiptHandle: `r${index}` })),
        remove: async () => undefined,
      },
      {
        invoke: async () => undefined,
        undo: ['cancelShipment', 'refundPayment', 'releaseInventory'],
        publish: async (topicArn, event) => {
          published.push({ topicArn, event });
        },
      },
    );
    expect(report.failed).toEqual([]);
    expect(published.map(({ topicArn }) => topicArn)).toEqual(bodies.map(() => ORDER_EVENTS_TOPIC));
    expect(published.flatMap(({ event }, index) => orderEventProblems(event, `redrive of letter ${index}`))).toEqual(
      [],
    );
  });
});

describe('the orders service’s ReviewRequested (services/orders/domain/review.ts)', () => {
  it('publishes a payload its schema parses', async () => {
    const published: OrderEvent[] = [];
    const order = anOrder({ status: 'PENDING', requiresReview: true });
    const ports = {
      orders: new FakeOrderRepository([order]),
      events: { publish: async (e: OrderEvent) => void published.push(e) },
    };
    await requestReview(ports, { orderId: order.orderId, taskToken: 'token-1' }, NOW);
    expect(published).toHaveLength(1);
    expect(published.flatMap((event) => orderEventProblems(event, 'requestReview'))).toEqual([]);
  });
});
