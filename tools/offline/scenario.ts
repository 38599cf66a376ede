/**
 * Whole-order scenarios (events/workflow/*.json): place the order through the real createOrder
 * handler, play the customer and the reviewer (submitReview, cancelOrder) at the right moments,
 * wait for the execution and its notifications, then read every service's own table.
 */
import { basename } from 'node:path';
import { DynamoDbOrderRepository } from '../../services/orders/adapters/dynamodb-order-repository';
import { toPublicOrder } from '../../services/orders/domain/get-order';
import { findStackViolations, ordersTableIn, readOrderRecords } from './order-records';
import { loadServices, type ServiceDeclaration } from './services';
import { apiGatewayEvent, customerClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from './identity';
import type { Runtime } from 'offline-aws/runtime';
import { deadLetterQueueUrl, opsAlertsTopic } from './escalation';
import { compensationChain } from 'offline-aws/engine/definition';
import { childRuns, startedChildArns } from 'offline-aws/cost/express';
import { redriveDeadLetters, type RedriveReport } from '../../ops/redrive/redrive';
import { snsEventPublisher, sqsDeadLetterQueue } from '../../ops/redrive/adapters';
import type { Execution, RunnerEvent } from 'offline-aws/engine/runner';
import { DEFAULT_CUSTOMER, DEFAULT_REVIEWER, readScenario, type Scenario, type ScenarioResult } from './scenario-file';

interface HttpAnswer {
  statusCode: number;
  body: unknown;
}

async function callHttp(runtime: Runtime, functionName: string, event: unknown): Promise<HttpAnswer> {
  // The route as the stack's line for the invocation names it (`λ createOrder ok … ← POST /orders`).
  const trigger = { label: (event as { routeKey?: string }).routeKey ?? functionName };
  const response = (await runtime.invoke(functionName, event, { trigger })) as { statusCode: number; body?: string };
  return { statusCode: response.statusCode, body: response.body ? (JSON.parse(response.body) as unknown) : null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for something to happen to a named execution, whether it happened already or not. */
class ExecutionWatcher {
  private readonly seen = new Map<string, Set<string>>();
  private readonly waiting: { key: string; name: string; resolve: () => void }[] = [];
  private readonly unsubscribe: () => void;

  constructor(runtime: Runtime) {
    this.unsubscribe = runtime.runner.onEvent((event) => this.record(event));
  }

  private record(event: RunnerEvent): void {
    const key =
      event.type === 'StateEntered' ? `entered:${event.state}` : event.type === 'TaskTokenIssued' ? 'token' : 'ended';
    const name = event.execution.name;
    const keys = this.seen.get(name) ?? new Set<string>();
    keys.add(key);
    this.seen.set(name, keys);
    for (const waiter of this.waiting.filter((w) => w.name === name && (w.key === key || key === 'ended'))) {
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Resolves on the event, or when the execution ends first. */
  when(name: string, key: string): Promise<void> {
    const keys = this.seen.get(name);
    if (keys?.has(key) || keys?.has('ended')) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ key, name, resolve }));
  }

  close(): void {
    this.unsubscribe();
  }
}

function matches(
  expected: Scenario['expect'],
  status: string,
  error: string | null,
  orderStatus: unknown,
  transitions: number,
): boolean {
  if (!expected) return true;
  return (
    expected.status === status &&
    expected.error === error &&
    expected.orderStatus === orderStatus &&
    transitions <= (expected.maxTransitions ?? Number.POSITIVE_INFINITY)
  );
}

export interface RunScenarioOptions {
  /** After the execution, redrive the dead-letter queue if the order is in it. */
  redrive?: boolean;
}

export async function runScenario(
  runtime: Runtime,
  file: string,
  scenario = readScenario(file),
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const started = Date.now();
  const watcher = new ExecutionWatcher(runtime);
  const http: ScenarioResult['http'] = {};
  const customer = customerClaims(scenario.customer ?? DEFAULT_CUSTOMER);
  try {
    const created = await callHttp(
      runtime,
      'createOrder',
      apiGatewayEvent({
        method: 'POST',
        route: '/orders',
        body: scenario.order,
        headers: scenario.idempotencyKey ? { 'idempotency-key': scenario.idempotencyKey } : {},
        claims: customer,
      }),
    );
    http.createOrder = created;
    const orderId = (created.body as { orderId?: unknown } | null)?.orderId;
    const execution =
      typeof orderId === 'string' ? runtime.runner.listExecutions().find((e) => e.name === orderId) : undefined;
    if (typeof orderId !== 'string' || !execution) {
      return finish(runtime, file, scenario, started, http, undefined, undefined, options);
    }

    const actions: Promise<void>[] = [];
    const { review } = scenario;
    if (review) {
      actions.push(
        (async () => {
          await watcher.when(orderId, 'token');
          if (execution.status !== 'RUNNING') return;
          await sleep((review.afterSeconds ?? 0) * 1000);
          http.submitReview = await callHttp(
            runtime,
            'submitReview',
            apiGatewayEvent({
              method: 'POST',
              route: '/orders/{orderId}/review',
              pathParameters: { orderId },
              body: { decision: review.decision, ...(review.comment ? { comment: review.comment } : {}) },
              claims: reviewerClaims(review.reviewer ?? DEFAULT_REVIEWER),
            }),
          );
        })(),
      );
    }
    if (scenario.cancel) {
      const windowState = [...runtime.runner.workflow.states.values()].find((s) => s.type === 'Wait')?.name ?? '';
      actions.push(
        (async () => {
          await watcher.when(orderId, `entered:${windowState}`);
          if (execution.status !== 'RUNNING') return;
          http.cancelOrder = await callHttp(
            runtime,
            'cancelOrder',
            apiGatewayEvent({
              method: 'POST',
              route: '/orders/{orderId}/cancel',
              pathParameters: { orderId },
              claims: customer,
            }),
          );
        })(),
      );
    }
    const { stop } = scenario;
    if (stop) {
      actions.push(
        (async () => {
          await watcher.when(orderId, `entered:${stop.at}`);
          if (execution.status !== 'RUNNING') return;
          runtime.runner.stopExecution(execution.executionArn, 'StoppedByOperator', `stopped at ${stop.at}`);
        })(),
      );
    }
    await execution.completion;
    await Promise.all(actions);
    await childrenEnded(runtime, execution);
    // Step Functions' status-change events (the reconciler's), then what they published.
    await runtime.events.drain();
    await runtime.messaging.drain();
    return finish(runtime, file, scenario, started, http, orderId, execution, options);
  } finally {
    watcher.close();
  }
}

/**
 * Waits for the children the execution's `.sync` Tasks started (TaskSubmitted's ExecutionArn): an
 * Express child runs on to its end when its parent is stopped (StopExecution does not support
 * Express executions), and what it does then belongs to the outcome.
 */
async function childrenEnded(runtime: Runtime, execution: Execution): Promise<void> {
  const started = new Set(startedChildArns(execution.history.events));
  const children = runtime.runner.listExecutions().filter((child) => started.has(child.executionArn));
  await Promise.all(children.map((child) => child.completion));
}

const namesOrder = (orderId: string) => (body: string) => {
  try {
    return (JSON.parse(body) as { orderId?: unknown }).orderId === orderId;
  } catch {
    return false;
  }
};

function isDeadLettered(runtime: Runtime, orderId: string): boolean {
  return runtime.messaging.peek(deadLetterQueueUrl(runtime)).some(namesOrder(orderId));
}

function alertsFor(runtime: Runtime, orderId: string): string[] {
  return runtime.messaging
    .published(opsAlertsTopic(runtime))
    .filter(namesOrder(orderId))
    .map((body) => String((JSON.parse(body) as { alarm?: unknown }).alarm));
}

let loaded: Promise<ServiceDeclaration[]> | undefined;
/** The services' declarations, loaded once per process. */
const declarations = (): Promise<ServiceDeclaration[]> => (loaded ??= loadServices());

/** What `services` holds when no order was placed: null per record, [] per list. */
const emptyRecords = (services: readonly ServiceDeclaration[]): Record<string, unknown> =>
  Object.fromEntries(
    services.flatMap((s) => (s.orderRecord ? [[s.orderRecord.reportAs, s.orderRecord.list ? [] : null]] : [])),
  );

async function finish(
  runtime: Runtime,
  file: string,
  scenario: Scenario,
  started: number,
  http: ScenarioResult['http'],
  orderId: string | undefined,
  execution: Execution | undefined,
  options: RunScenarioOptions,
): Promise<ScenarioResult> {
  let redrive: RedriveReport | null = null;
  if (options.redrive && orderId && isDeadLettered(runtime, orderId)) {
    redrive = await redriveDeadLetters(sqsDeadLetterQueue(runtime.messaging.sqs, deadLetterQueueUrl(runtime)), {
      invoke: (functionName, payload) => runtime.invokeTask(functionName, payload),
      undo: compensationChain(runtime.runner.workflow),
      publish: snsEventPublisher(runtime.messaging.sns),
    });
    await runtime.messaging.drain();
  }
  const deadLettered = orderId ? isDeadLettered(runtime, orderId) : false;
  const alerts = orderId ? alertsFor(runtime, orderId) : [];
  const services = await declarations();
  const consistency = orderId ? await findStackViolations(runtime.stack, services, { only: new Set([orderId]) }) : [];
  // This runtime's table and client, not the handlers' process-wide adapters: a process may run
  // several stacks, one after another (the test runner) or at once.
  const orders = new DynamoDbOrderRepository(runtime.stack.documentClient, ordersTableIn(runtime.stack, services));
  const order = orderId ? await orders.get(orderId) : undefined;
  const status = execution?.status ?? 'NOT_STARTED';
  const error = execution?.error ?? null;
  return {
    scenario: basename(file),
    description: scenario.description,
    status: status === 'RUNNING' ? 'NOT_STARTED' : status,
    error,
    cause: execution?.cause ?? null,
    states: execution?.trace ?? [],
    order: order ? toPublicOrder(order) : null,
    services: orderId ? await readOrderRecords(runtime.stack, services, orderId) : emptyRecords(services),
    http,
    deadLettered,
    alerts,
    redrive,
    consistency,
    children: childRuns(execution?.history.events ?? []),
    transitions: execution?.transitions ?? 0,
    lambdaInvocations: execution?.lambdaInvocations ?? 0,
    durationMs: Date.now() - started,
    expected: scenario.expect ?? null,
    asExpected:
      matches(scenario.expect, status, error, order?.status, execution?.transitions ?? 0) &&
      (consistency.length === 0 || (deadLettered && alerts.length > 0)),
  };
}
