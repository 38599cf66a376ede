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

/** Fail-state errors that mean a human must act: the order is in the dead-letter queue and ops were alerted. */
export const ESCALATION_ERRORS = ['CompensationFailed', 'CompletionFailed'] as const;

/**
 * Errors the functions throw on purpose (their `name` is what Lambda reports as `errorType`):
 * answers, not accidents, so retrying cannot change them and no Retrier may name them.
 */
export const NON_RETRYABLE_ERRORS = [
  'OutOfStock',
  'PaymentDeclined',
  'ShippingUnavailable',
  'ReviewRejected',
  'PaymentNotCapturable',
  'InvalidStatusTransition',
  'ValidationError',
  'NotFound',
  'Conflict',
  'Forbidden',
  'Unauthorized',
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
