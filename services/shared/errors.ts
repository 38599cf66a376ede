import type * as z from 'zod/mini';

/**
 * Base class of every error the services throw on purpose.
 * `name` is what Lambda reports as `errorType`, so Step Functions can Catch it by name:
 * subclasses must set it to their contract name (e.g. `OutOfStock`).
 */
export abstract class DomainError extends Error {
  abstract override readonly name: string;
  /** HTTP status used when the error reaches an HTTP handler. */
  readonly httpStatus: number = 500;
  /** Structured detail safe to return to a caller. */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.details = details;
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
  code: string;
}

/** The input did not match its schema. Nothing was written. */
export class ValidationError extends DomainError {
  readonly name = 'ValidationError';
  override readonly httpStatus = 400;
  readonly issues: ValidationIssue[];

  constructor(message: string, issues: ValidationIssue[] = []) {
    super(message, { issues });
    this.issues = issues;
  }

  static fromZod(error: z.core.$ZodError, what = 'input'): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
      code: issue.code,
    }));
    const summary = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    return new ValidationError(`Invalid ${what}: ${summary}`, issues);
  }
}

/**
 * The request carries no verified identity (no JWT authorizer claims, or no `sub`). API Gateway's
 * JWT authorizer answers 401 itself before a function runs; this is the same answer when a
 * function is reached without one (misconfigured route, direct invocation).
 */
export class UnauthorizedError extends DomainError {
  readonly name = 'Unauthorized';
  override readonly httpStatus = 401;
}

/** The caller is known but lacks the role (or relationship to the resource) the action needs. */
export class ForbiddenError extends DomainError {
  readonly name = 'Forbidden';
  override readonly httpStatus = 403;
}

export class NotFoundError extends DomainError {
  readonly name = 'NotFound';
  override readonly httpStatus = 404;
}

/** The request is well formed but conflicts with the current state (e.g. cancelling a completed order). */
export class ConflictError extends DomainError {
  readonly name = 'Conflict';
  override readonly httpStatus = 409;
}

export class PayloadTooLargeError extends DomainError {
  readonly name = 'PayloadTooLarge';
  override readonly httpStatus = 413;
}

/** Configuration is missing or wrong: a deployment problem, not a caller problem. */
export class ConfigurationError extends DomainError {
  readonly name = 'ConfigurationError';
}

/**
 * A step was asked to act on an order by an execution that is not the order's own (whose name is
 * the order id: createOrder's rule). Nothing was changed; never retried.
 */
export class NotTheOrdersExecution extends DomainError {
  readonly name = 'NotTheOrdersExecution';
  override readonly httpStatus = 409;

  constructor(orderId: string, execution: string) {
    super(`Execution ${execution} is not the execution of order ${orderId} (named ${orderId}): nothing was changed`);
  }
}

/**
 * A failure worth retrying (contention, throttling, a flaky dependency). The state machine's
 * Retry policies match this name; business errors are never retried.
 */
export class TransientError extends DomainError {
  readonly name = 'TransientError';
  override readonly httpStatus = 503;
}
