import type { OrderEvent as TopicEvent } from '#shared/events';
import type { HistoryEntry, Order, OrderStatus, WorkflowInput } from '../schemas';

/** Optional attributes a conditional update can require to be absent. */
export type GuardedField = 'cancelRequestedAt' | 'windowClosedAt' | 'review' | 'reviewNotifiedAt' | 'reviewDeliveredAt';

/** The condition of a conditional update: what the domain read and decided on. */
export interface OrderGuard {
  /** The status the order must still have. */
  status: OrderStatus;
  /** Attributes that must still be absent. */
  absent?: readonly GuardedField[];
  /** The review task token the order must still hold. */
  reviewTaskToken?: string;
}

export type SettableField =
  | 'reason'
  | 'cancelRequestedAt'
  | 'windowClosedAt'
  | 'review'
  | 'reviewTaskToken'
  | 'reviewNotifiedAt'
  | 'reviewDeliveredAt';

export interface OrderChange {
  updatedAt: string;
  status?: OrderStatus;
  set?: Partial<Pick<Order, SettableField>>;
  /** Appended to `history`. */
  history?: HistoryEntry;
}

export type CreateOutcome = { kind: 'created' } | { kind: 'exists'; order: Order };

/** Port: the orders table. */
export interface OrderRepository {
  get(orderId: string): Promise<Order | undefined>;
  /** Stores a new order only if no order with its id exists; otherwise returns the existing one. */
  create(order: Order): Promise<CreateOutcome>;
  /**
   * Applies `change` atomically, only if `guard` still holds. Returns the order after the change,
   * or undefined when the guard failed (the order is missing or changed since it was read).
   */
  update(orderId: string, guard: OrderGuard, change: OrderChange): Promise<Order | undefined>;
}

export type StartOutcome = { kind: 'started' } | { kind: 'already-started' } | { kind: 'unreachable'; reason: string };

/** Port: starts the order workflow, one execution per order (the execution name is the order id). */
export interface WorkflowStarter {
  start(input: WorkflowInput): Promise<StartOutcome>;
}

export type CallbackOutcome =
  | { kind: 'delivered' }
  /** The task token is no longer valid (timed out, already completed, unknown). */
  | { kind: 'token-closed'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** Port: completes the workflow's `.waitForTaskToken` review step. */
export interface ReviewCallback {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackOutcome>;
  fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome>;
}

/**
 * What the orders service publishes to the order-events topic: the payloads of the topic's contract
 * (services/shared/events.ts, which the notification service parses): ReviewRequested, and the
 * outcomes reconcileOrder announces (OrderCompleted, OrderCancelled).
 */
export type OrderEvent = TopicEvent;

/** Port: publishes domain events to the order-events topic. */
export interface EventPublisher {
  publish(event: OrderEvent): Promise<void>;
}

/** How far an ended execution of the order state machine went, read from its history. */
export interface ExecutionProgress {
  /** Whether it passed the saga's pivot (PIVOT_STATE succeeded): the order is committed. */
  passedPivot: boolean;
  /** The top-level state it entered last (where it was when it ended). */
  lastState?: string;
  /** The execution's input as it started (ExecutionStarted's), as JSON text. */
  input?: string;
  /**
   * Where the execution stands by its last execution-level event: RUNNING (started or redriven), or
   * how it ended. Undefined for a history with no such event.
   */
  status?: ExecutionStatus;
}

/** An execution's status (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html). */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

/** Port: what an ended execution of the order state machine did (its history). */
export interface ExecutionHistory {
  /** @returns undefined when no such execution exists (ExecutionDoesNotExist) */
  progress(executionArn: string): Promise<ExecutionProgress | undefined>;
}

/** Port: the compensation chain's undo steps (each idempotent, a no-op when there is nothing to undo). */
export interface UndoSteps {
  /** Runs every undo step for the order, in the chain's order. @throws when a step fails. */
  undo(orderId: string): Promise<void>;
}
