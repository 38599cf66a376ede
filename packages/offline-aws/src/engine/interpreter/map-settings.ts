/**
 * A Map state's run settings, evaluated when it is entered: MaxConcurrency (all Maps) and the
 * tolerated failure thresholds (distributed Maps), from their literal, `…Path` or JSONata forms
 * (state-map-inline.html, state-map-distributed.html), with AWS's errors for invalid values
 * (recorded on AWS).
 */
import { StateError } from '../errors';
import { evaluateJsonataField } from '../query/jsonata';
import { readPath } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import type { StateRun } from './state-run';

const shown = (value: Json): string => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A field's value from its literal, `…Path` (JSONPath) or JSONata form; undefined when absent.
 * @param owner the object holding the field: the state, or one of its blocks (ItemReader's
 * ReaderConfig, ItemBatcher).
 */
export async function fieldValue(
  run: StateRun,
  scope: EvaluationScope,
  field: string,
  kind: 'integer' | 'float',
  owner: JsonObject = run.state,
): Promise<number | undefined> {
  const { language } = run;
  const state = owner;
  const path = state[`${field}Path`];
  if (language === 'JSONPath' && typeof path === 'string') {
    const read = readPath(path, scope, `${field}Path`);
    // A numeric string is read as its number (recorded on AWS: a variable holding "1").
    const value = typeof read === 'string' && read.trim() !== '' && !Number.isNaN(Number(read)) ? Number(read) : read;
    if (typeof value !== 'number' || (kind === 'integer' && !Number.isInteger(value))) {
      throw new StateError(
        'States.Runtime',
        `The ${field}Path field refers to value "${shown(value)}" which is not a valid ${kind}: ${path}`,
      );
    }
    return value;
  }
  if (state[field] === undefined) return undefined;
  const value = language === 'JSONata' ? await evaluateJsonataField(state[field], scope, field) : state[field];
  if (typeof value !== 'number' || (kind === 'integer' && !Number.isInteger(value))) {
    throw new StateError(
      language === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `The ${field} field refers to value "${shown(value)}" which is not a valid ${kind}`,
    );
  }
  return value;
}

/** MaxConcurrency, read before the Map starts (recorded on AWS: an invalid value fails it before MapStateStarted). 0: no limit. */
export async function maxConcurrencyOf(run: StateRun, scope: EvaluationScope): Promise<number> {
  const maxConcurrency = (await fieldValue(run, scope, 'MaxConcurrency', 'integer')) ?? 0;
  if (maxConcurrency < 0) throw new StateError('States.Runtime', 'MaxConcurrency cannot be negative.');
  return maxConcurrency;
}

/**
 * The tolerated failure thresholds, read once the Map has started (recorded on AWS: an invalid value
 * fails it after MapStateStarted). @returns whether `failed` child executions of `total` exceed them.
 */
export async function toleranceOf(run: StateRun, scope: EvaluationScope): Promise<Tolerance> {
  const count = await fieldValue(run, scope, 'ToleratedFailureCount', 'integer');
  if (count !== undefined && count < 0)
    throw new StateError('States.Runtime', 'ToleratedFailureCount cannot be negative.');
  const percentage = await fieldValue(run, scope, 'ToleratedFailurePercentage', 'float');
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw new StateError('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  const exceeded = (failed: number, total: number): boolean => {
    // Without a threshold no failure is tolerated; with both, either one exceeded fails the run.
    if (count === undefined && percentage === undefined) return failed > 0;
    const overCount = count !== undefined && failed > count;
    const overPercentage = percentage !== undefined && total > 0 && (failed / total) * 100 > percentage;
    return overCount || overPercentage;
  };
  return Object.assign(exceeded, { count, percentage });
}

/** Whether `failed` of `total` items exceed the thresholds, and the thresholds (DescribeMapRun reports them). */
export type Tolerance = ((failed: number, total: number) => boolean) & { count?: number; percentage?: number };
