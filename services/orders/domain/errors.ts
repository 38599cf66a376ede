import { DomainError } from '#shared/errors';
import type { OrderStatus } from '../schemas';

/** The requested status change is not in the transition table. Caught by name in the state machine. */
export class InvalidStatusTransition extends DomainError {
  readonly name = 'InvalidStatusTransition';
  override readonly httpStatus = 409;

  constructor(
    readonly orderId: string,
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`Order ${orderId} cannot go from ${from} to ${to}`, { from, to });
  }
}

/** The same Idempotency-Key was sent before with a different request body. */
export class IdempotencyKeyReused extends DomainError {
  readonly name = 'IdempotencyKeyReused';
  override readonly httpStatus = 422;

  constructor() {
    super('This Idempotency-Key was already used with a different request body; use a new key for a different order.');
  }
}

/**
 * The order workflow (Step Functions) could not be reached. The HTTP handlers answer 503 with this
 * message (the shared error middleware hides 5xx details, so they map it themselves).
 */
export class WorkflowUnavailable extends DomainError {
  readonly name = 'WorkflowUnavailable';
  override readonly httpStatus = 503;

  static forCreate(reason: string): WorkflowUnavailable {
    return new WorkflowUnavailable(
      `The order was stored (PENDING) but the order workflow could not be started: ${reason}. ` +
        'Retry with the same Idempotency-Key.',
    );
  }

  static forReview(reason: string): WorkflowUnavailable {
    return new WorkflowUnavailable(
      `The review was recorded but the order workflow could not be reached: ${reason}. Retry the same request.`,
    );
  }
}

/**
 * An execution's input is not the stored order's own (another total, address, line…): the steps
 * would act on it, not on what the customer placed. Thrown by verifyOrder before anything is held.
 */
export class OrderInputMismatch extends DomainError {
  readonly name = 'OrderInputMismatch';
  override readonly httpStatus = 409;

  constructor(
    readonly orderId: string,
    readonly fields: readonly string[],
  ) {
    super(`The execution input of order ${orderId} differs from the stored order in: ${fields.join(', ')}`, {
      fields,
    });
  }
}

/** A capture for an order whose fulfilment window has not closed, or that was cancelled in it. */
export class OrderNotReadyForCapture extends DomainError {
  readonly name = 'OrderNotReadyForCapture';
  override readonly httpStatus = 409;

  constructor(
    readonly orderId: string,
    why: string,
  ) {
    super(`Order ${orderId} is not ready for capture: ${why}`);
  }
}
