/**
 * The failures the definition names itself (workflows/order-processing.asl.yml): the literal
 * `Error` of a `failure` variable assigned where a failure is caught (a Catcher's `Assign`) or
 * chosen (a Choice rule's `Assign`), e.g. `OrderRejected`, `ReviewTimedOut`, `OrderCancelled`.
 */
import type { JsonObject } from 'offline-aws/engine/definition';
import type { Json } from 'offline-aws/serverless/config';

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const list = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.map(asObject) : []);

/** The variable the definition keeps an order's failure in (FailOrder's `Error` reads it). */
export const FAILURE_VARIABLE = 'failure';
/** FailOrder's `Error`: the failure the execution ends with. */
export const FAILURE_ERROR = `{% $${FAILURE_VARIABLE}.Error %}`;

/** The literal error names a state's Assign blocks (its own, its Catchers', its Choice rules') give `$failure`. */
export function namedFailures(state: JsonObject): string[] {
  const blocks = [state, ...list(state.Catch), ...list(state.Choices)].map((holder) => asObject(holder.Assign));
  return blocks.flatMap((assign) => {
    const error = asObject(assign[FAILURE_VARIABLE]).Error;
    return typeof error === 'string' && !error.startsWith('{%') ? [error] : [];
  });
}

/** True when a Fail state's `Error` is a JSONata expression (not a static name). */
export const isExpression = (value: Json | undefined): boolean =>
  typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');
