/**
 * Map (https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html): runs its ItemProcessor
 * (or the legacy Iterator) once per item, at most MaxConcurrency at a time. Inline mode records every
 * iteration in the execution's history (MapIterationStarted/Succeeded/Failed/Aborted); distributed
 * mode (state-map-distributed.html) runs a Map Run (../distributed/map-run.ts: ItemReader, ItemBatcher,
 * ResultWriter, tolerated failures, MapRunRedriven in a redrive).
 */
import { StateError } from '../errors';
import { evaluateJsonataField, evaluateJsonataItems } from '../query/jsonata';
import { applyPayloadTemplate, readPath } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import { runConcurrently } from './branches';
import { contextObject, effectiveInput } from './fields';
import { passThrough } from './passed-through';
import { RedriveMemory } from './redrive';
import { outcomeOf, runScope, type Outcome, type StateRun } from './state-run';
import { maxConcurrencyOf, toleranceOf } from './map-settings';
import { runMapRun } from '../distributed/map-run';

/** The items the Map iterates over: ItemsPath (JSONPath) or Items (JSONata), else its input. */
async function itemsOf(run: StateRun, scope: EvaluationScope, effective: Json): Promise<Json[]> {
  const { state, language } = run;
  if (language === 'JSONata') {
    if (state.Items !== undefined) return evaluateJsonataItems(state.Items, scope);
    if (!Array.isArray(run.input)) {
      throw new StateError(
        'States.QueryEvaluationError',
        `Map state input must be an array but was: ${JSON.stringify(run.input)}`,
      );
    }
    return run.input;
  }
  const path = typeof state.ItemsPath === 'string' ? state.ItemsPath : '$';
  const items = readPath(path, { ...scope, input: effective }, 'ItemsPath');
  if (!Array.isArray(items)) {
    throw new StateError('States.Runtime', `Map state input must be an array but was: ${JSON.stringify(items)}`);
  }
  return items;
}

/** One item's input: ItemSelector (or the legacy Parameters) with `$$.Map.Item`, else the item itself. */
async function itemInput(run: StateRun, effective: Json, item: Json, index: number): Promise<Json> {
  const { state, language } = run;
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return item;
  const mapContext: JsonObject = { Item: { Index: index, Value: item } };
  const context = contextObject(
    run.context,
    { ...run.place, map: mapContext },
    {
      name: run.name,
      enteredTime: run.enteredTime,
    },
  );
  const scope: EvaluationScope = {
    input: language === 'JSONata' ? run.input : effective,
    context,
    variables: run.place.variables,
  };
  return language === 'JSONata'
    ? evaluateJsonataField(selector, scope, 'ItemSelector')
    : applyPayloadTemplate(selector, scope, 'ItemSelector');
}

export async function map(run: StateRun): Promise<Outcome> {
  const { state, language, context, name, place } = run;
  const scope = runScope(run);
  const effective = await effectiveInput(state, language, scope, false);
  const processor = (state.ItemProcessor ?? state.Iterator ?? {}) as JsonObject;
  const distributed = (processor.ProcessorConfig as JsonObject | undefined)?.Mode === 'DISTRIBUTED';
  // A reader's items are read in the Map Run: the state starts with none (recorded on AWS: length 0).
  const reading = distributed && state.ItemReader !== undefined;
  const items = reading ? [] : await itemsOf(run, scope, effective);
  const maxConcurrency = await maxConcurrencyOf(run, { ...scope, input: effective });
  place.line.record('MapStateStarted', { length: items.length }, { state: name });
  const exceeded = await toleranceOf(run, { ...scope, input: effective });
  const select = (values: Json[]) => Promise.all(values.map((item, index) => itemInput(run, effective, item, index)));
  const inputs = await select(items);
  let result: Json;
  if (distributed) {
    result = await runMapRun(run, { scope, effective, processor, items, inputs, select, maxConcurrency, exceeded });
  } else {
    const work = inputs.map((input, index) => ({
      run: (where: typeof place, inner: typeof context) =>
        run.runStates(
          processor,
          input,
          { ...where, map: { Item: { Index: index, Value: items[index] ?? null } } },
          inner,
        ),
      key: RedriveMemory.keyOf(place.path, name, index),
    }));
    const label = { name };
    let lastEnd = 0;
    const settled = await runConcurrently(work, maxConcurrency, place, context, {
      started: (index, where) => where.line.record('MapIterationStarted', { index, ...label }, { state: name }),
      ended: (index, where, outcome) => {
        const type = {
          succeeded: 'MapIterationSucceeded',
          failed: 'MapIterationFailed',
          aborted: 'MapIterationAborted',
        }[outcome];
        lastEnd = where.line.record(type, { index, ...label }, { state: name });
      },
    });
    if (settled.error) throw passThrough(settled.error);
    // The next iteration follows the last state of the one before; MapStateSucceeded follows the
    // last iteration's end (recorded on AWS).
    if (lastEnd > 0) place.line.cursor = lastEnd;
    result = settled.results;
  }
  place.line.record('MapStateSucceeded', {}, { state: name });
  return outcomeOf(run, scope, result);
}
