/**
 * A Distributed Map's ItemBatcher (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html):
 * the items (after ItemSelector) are grouped into batches, each batch one child execution whose
 * input is `{"BatchInput": …, "Items": [...]}` (recorded on AWS: BatchInput first, only when given),
 * with at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes (256 KiB at most).
 */
import { StateError } from '../errors';
import { evaluateJsonataField } from '../query/jsonata';
import { applyPayloadTemplate } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import { fieldValue } from '../interpreter/map-settings';
import type { StateRun } from '../interpreter/state-run';

/** A child execution's input limit, and so a batch's (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). */
export const MAX_BATCH_BYTES = 256 * 1024;

export interface BatchPlan {
  /** Items per batch; undefined: as many as fit in maxBytes. */
  maxItems?: number;
  /** UTF-8 bytes of a batch's whole input (`{"BatchInput":…,"Items":[…]}`). */
  maxBytes: number;
  batchInput?: Json;
}

/**
 * The batcher's settings, from their literal, `…Path` (JSONPath) or JSONata forms, and its BatchInput
 * (a payload template on the effective input, or JSONata).
 * @throws StateError States.Runtime for a value that is no positive integer.
 */
export async function planBatcher(
  run: StateRun,
  scope: EvaluationScope,
  effective: Json,
  batcher: JsonObject,
): Promise<BatchPlan> {
  const pathScope = { ...scope, input: effective };
  const maxItems = await fieldValue(run, pathScope, 'MaxItemsPerBatch', 'integer', batcher);
  const maxBytes = await fieldValue(run, pathScope, 'MaxInputBytesPerBatch', 'integer', batcher);
  for (const [field, value] of [
    ['MaxItemsPerBatch', maxItems],
    ['MaxInputBytesPerBatch', maxBytes],
  ] as const) {
    if (value !== undefined && value <= 0) throw new StateError('States.Runtime', `${field} must be positive.`);
  }
  let batchInput: Json | undefined;
  if (batcher.BatchInput !== undefined) {
    batchInput =
      run.language === 'JSONata'
        ? await evaluateJsonataField(batcher.BatchInput, scope, 'ItemBatcher.BatchInput')
        : applyPayloadTemplate(batcher.BatchInput, pathScope, 'ItemBatcher.BatchInput');
  }
  return {
    ...(maxItems === undefined ? {} : { maxItems }),
    maxBytes: Math.min(maxBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES),
    ...(batchInput === undefined ? {} : { batchInput }),
  };
}

const bytes = (value: Json): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Groups `items` in order into batches, each as full as its limits allow.
 * @returns each batch's input: `{BatchInput?, Items}`.
 * @throws StateError States.Runtime when one item alone (with BatchInput) exceeds MaxInputBytesPerBatch.
 */
export function batchItems(items: Json[], plan: BatchPlan): JsonObject[] {
  const inputOf = (batch: Json[]): JsonObject => ({
    ...(plan.batchInput === undefined ? {} : { BatchInput: plan.batchInput }),
    Items: batch,
  });
  const batches: Json[][] = [];
  let current: Json[] = [];
  // The size grows by the item and a comma: tracked rather than re-serialising every batch.
  let size = bytes(inputOf([]));
  for (const [index, item] of items.entries()) {
    const itemBytes = bytes(item);
    const full =
      current.length > 0 &&
      ((plan.maxItems !== undefined && current.length >= plan.maxItems) || size + 1 + itemBytes > plan.maxBytes);
    if (full) {
      batches.push(current);
      current = [];
      size = bytes(inputOf([]));
    }
    const added = size + (current.length > 0 ? 1 : 0) + itemBytes;
    if (added > plan.maxBytes) {
      throw new StateError(
        'States.Runtime',
        `Item ${index} (${itemBytes} bytes) does not fit in a batch of at most ${plan.maxBytes} bytes (MaxInputBytesPerBatch)`,
      );
    }
    current.push(item);
    size = added;
  }
  if (current.length > 0) batches.push(current);
  return batches.map(inputOf);
}
