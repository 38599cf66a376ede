/**
 * The error names the order workflow is built on (a contract: the state machine definition, the
 * ops alarms, the outcome metrics and the customer notifications all use these names).
 */

/** How a finished order that did not complete ends: the Fail-state errors that are business outcomes, not faults. */
export const ORDER_OUTCOME_ERRORS = [
  'OutOfStock',
  'PaymentDeclined',
  'ShippingUnavailable',
  'OrderCancelled',
  'OrderRejected',
  'ReviewTimedOut',
] as const;

export type OrderOutcomeError = (typeof ORDER_OUTCOME_ERRORS)[number];

/** Fail-state errors that mean a human must act: the order is in the dead-letter queue and ops were alerted. */
export const ESCALATION_ERRORS = ['CompensationFailed', 'CompletionFailed'] as const;
export type EscalationError = (typeof ESCALATION_ERRORS)[number];

/**
 * The shared kernel's errors (services/shared/errors.ts), which any function may throw on purpose:
 * answers, not accidents, so no Retrier may name them. Each service declares its own business
 * errors in its services/<name>/service.ts (`errors`).
 */
export const KERNEL_ERRORS = [
  'ValidationError',
  'NotFound',
  'Conflict',
  'Forbidden',
  'Unauthorized',
  'PayloadTooLarge',
  'ConfigurationError',
] as const;

/**
 * The errors every Lambda Task retries: those AWS documents as transient for the Lambda
 * integration (Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException,
 * Lambda.TooManyRequestsException, Lambda.ClientExecutionTimeoutException), Lambda.Unknown and
 * Sandbox.Timedout (a function that ran past its timeout is reported as one or the other), and the
 * services' own TransientError. Safe because every step is idempotent.
 */
export const LAMBDA_TRANSIENT_ERRORS = [
  'TransientError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
] as const;
