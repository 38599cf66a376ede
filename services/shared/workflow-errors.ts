/**
 * The error names the order workflow is built on (a contract: the state machine definition, the
 * ops alarms, the outcome metrics and the customer notifications all use these names). The services'
 * business errors are declared by each service (`errors` in services/<name>/service.ts) and reach
 * this module through services/shared/business-errors.ts, generated from those declarations.
 */
import { BUSINESS_ERRORS } from './business-errors';
import { toWellFormed } from './schemas';

type Declared = typeof BUSINESS_ERRORS;
type DeclaredError = keyof Declared;

/**
 * How a finished order that did not complete ends: the Fail-state errors that are business outcomes,
 * not faults. Every declared error with words for the customer that does not page.
 */
export type OrderOutcomeError = {
  [Name in DeclaredError]: Declared[Name] extends { readonly alarms: false; readonly customerWording: string }
    ? Name
    : never;
}[DeclaredError];

/** A declared error's facts, widened (each entry of BUSINESS_ERRORS is a literal type of its own). */
interface DeclaredFacts {
  readonly service: string;
  readonly alarms: boolean;
  readonly customerWording?: string;
}
const declared = Object.entries(BUSINESS_ERRORS) as [DeclaredError, DeclaredFacts][];

/** The order outcomes, in declaration order (services by name): `OutOfStock`, `OrderCancelled`, ... */
export const ORDER_OUTCOME_ERRORS: readonly OrderOutcomeError[] = declared.flatMap(([name, error]) =>
  !error.alarms && error.customerWording !== undefined ? [name as OrderOutcomeError] : [],
);

/** The customer's words for every declared error that has them, by name (`OutOfStock` → `an item is out of stock`). */
export const CUSTOMER_WORDING: Readonly<Record<string, string>> = Object.fromEntries(
  declared.flatMap(([name, error]) => (error.customerWording === undefined ? [] : [[name, error.customerWording]])),
);

/**
 * The saga's pivot: the state of workflows/order-processing.asl.yml whose success commits the order
 * (payment captured, shipment created). Before it a failure is compensated; after it, recovered
 * forward. test/unit/workflow/retry-policy.test.ts checks the definition names it the pivot.
 */
export const PIVOT_STATE = 'CaptureAndShip';

/**
 * The saga's review: the `.waitForTaskToken` state that waits for a reviewer's decision. An
 * execution that ended there gets the answer a timed-out review gets (reconcileOrder).
 */
export const REVIEW_STATE = 'RequestReview';

/**
 * The reasons an order is cancelled with when its execution ended without the saga's own handling
 * (reconcileOrder): stopped (StopExecution) or timed out (the machine's TimeoutSeconds). A customer
 * reads them as "a problem on our side", the name kept as the reference.
 */
export const EXECUTION_END_REASONS = { ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' } as const;

/**
 * Fail-state errors of executions the saga refuses before holding anything: an input it cannot
 * process, an execution that is not the order's own (its first state), an order that does not
 * exist (a verifyOrder step or RequestReview, then RefuseUnknownOrder). Faults of the caller, not order
 * outcomes: the unexpected-failures alarm reports them.
 */
export const REFUSAL_ERRORS = ['InvalidOrderInput', 'NotTheOrdersExecution', 'UnknownOrder'] as const;

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
  'NotTheOrdersExecution',
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

/**
 * The longest reason an order keeps: the longest error name Step Functions carries (`error` of
 * SendTaskFailure and StopExecution, and of every failure in a history, is at most 256 characters:
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html).
 */
export const MAX_REASON_LENGTH = 256;

/**
 * The reason an order ends with, from the error name that ended it: any text a failure can carry
 * (a reviewer's SendTaskFailure error, an operator's StopExecution error, a Lambda errorType), made
 * a reason an order can store and a customer message can show — control characters as spaces,
 * trimmed, cut at MAX_REASON_LENGTH characters, a lone surrogate as U+FFFD — so that a strange
 * error name never fails the step that marks the order (and sends it to the dead-letter queue).
 * @returns `fallback` when nothing printable is left (an empty or missing error name)
 */
export function failureReason(error: string | null | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  const printable = (error ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const reason = toWellFormed([...printable].slice(0, MAX_REASON_LENGTH).join('').trimEnd());
  return reason === '' ? fallback : reason;
}
