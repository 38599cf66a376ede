/**
 * The payload quota (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html:
 * "Maximum input or output size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded
 * string"), raised as States.DataLimitExceeded, which no catcher catches
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
import { StateError } from '../errors';
import type { Json } from '../query/types';

export const MAX_PAYLOAD_BYTES = 262_144;

/**
 * @param what `result`: a state's output or a task's result; `input`: a state's input after
 *   Parameters, checked before its task is called.
 * @throws StateError States.DataLimitExceeded over the quota.
 */
export function checkPayloadSize(value: Json, name: string, what: 'result' | 'input'): void {
  if (Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') <= MAX_PAYLOAD_BYTES) return;
  throw new StateError(
    'States.DataLimitExceeded',
    what === 'result'
      ? `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`
      : `The state/task '${name}' has an input with a size exceeding the maximum number of bytes service limit.`,
  );
}
