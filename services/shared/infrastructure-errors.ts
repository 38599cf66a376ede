import { isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { DomainError, TransientError } from './errors';

/** An error as the AWS SDK's classification reads it, with Node's `code` and AggregateError's parts. */
type SdkErrorLike = Parameters<typeof isTransientError>[0] & { code?: string; errors?: unknown[] };

const asSdkError = (error: unknown): SdkErrorLike | undefined =>
  error instanceof Error ? (error as SdkErrorLike) : undefined;

/**
 * Whether an error is the infrastructure's, not the business's: throttling, a 5xx answer, a
 * timeout or a connection that failed, of DynamoDB, SNS, Step Functions or any AWS SDK client —
 * as the AWS SDK itself classifies what it retries (@smithy/service-error-classification:
 * isThrottlingError, isTransientError; plus any server fault). A connection refused while the
 * SDK tried several addresses arrives as an AggregateError whose parts say so.
 * Domain errors (the services' own, business or not) are never the infrastructure's.
 */
export function isInfrastructureError(error: unknown): boolean {
  const sdk = asSdkError(error);
  if (!sdk || error instanceof DomainError) return false;
  if (isThrottlingError(sdk) || isTransientError(sdk)) return true;
  if (sdk.$fault === 'server' || (sdk.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return Array.isArray(sdk.errors) && sdk.errors.length > 0 && sdk.errors.every(isInfrastructureError);
}

/**
 * The error a Task reports to Step Functions: an infrastructure error becomes the services'
 * TransientError (the name every Lambda retrier in workflows/error-handling.yml lists), its
 * message naming what failed and the original kept as its cause; any other error is returned as it
 * is, so a business error keeps its name and is never retried.
 */
export function asReportedError(error: unknown): unknown {
  if (!isInfrastructureError(error)) return error;
  const sdk = error as SdkErrorLike;
  const what = [sdk.name, sdk.code].filter((part, index, all) => part && all.indexOf(part) === index).join(' ');
  return Object.assign(new TransientError(`An AWS dependency failed (${what}): ${sdk.message}`), { cause: error });
}
