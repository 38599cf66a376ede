/**
 * Map (https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html): runs its ItemProcessor
 * (or the legacy Iterator) once per item, at most MaxConcurrency at a time. Inline mode records every
 * iteration in the execution's history (MapIterationStarted/Succeeded/Failed/Aborted); distributed
 * mode (state-map-distributed.html) records a Map Run (MapRunStarted, or MapRunRedriven in a redrive;
 * MapRunSucceeded/Failed) and tolerates failures up to ToleratedFailureCount/Percentage.
 */
import { randomUUID } from 'node:crypto';
import { StateError } from '../errors';
import { evaluateJsonataField, evaluateJsonataItems } from '../query/jsonata';
import { applyPayloadTemplate, readPath } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import { runConcurrently, type LineOfWork } from './branches';
import { assignVariables, contextObject, effectiveInput, selectedResult, stateOutput } from './fields';
import { passThrough } from './passed-through';
import { RedriveMemory } from './redrive';
import { nextOf, runScope, type Outcome, type StateRun } from './state-run';
import { maxConcurrencyOf, toleranceOf } from './map-settings';

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
  const items = await itemsOf(run, scope, effective);
  const processor = (state.ItemProcessor ?? state.Iterator ?? {}) as JsonObject;
  const distributed = (processor.ProcessorConfig as JsonObject | undefined)?.Mode === 'DISTRIBUTED';
  const maxConcurrency = await maxConcurrencyOf(run, { ...scope, input: effective });
  place.line.record('MapStateStarted', { length: items.length }, { state: name });
  const exceeded = await toleranceOf(run, { ...scope, input: effective });
  const inputs = await Promise.all(items.map((item, index) => itemInput(run, effective, item, index)));
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
  let result: Json[];
  if (distributed) {
    const fresh = `${context.stateMachine.Id.replace(':stateMachine:', ':mapRun:')}/${typeof state.Label === 'string' ? state.Label : name}:${randomUUID()}`;
    // A redrive goes on with the Map Run that failed (API_MapRunRedrivenEventDetails.html).
    const mapRun = context.redrive?.mapRun(place.path, name, fresh) ?? { mapRunArn: fresh, redriveCount: 0 };
    if (mapRun.redriveCount > 0) place.line.record('MapRunRedriven', mapRun, { state: name });
    else place.line.record('MapRunStarted', { mapRunArn: mapRun.mapRunArn }, { state: name });
    result = await runDistributed(run, work, { maxConcurrency, exceeded }, items.length);
    place.line.record('MapRunSucceeded', {}, { state: name });
  } else {
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
  const output = await stateOutput(state, language, scope, result, true);
  const assigned = await assignVariables(
    state.Assign,
    language,
    { ...scope, result },
    selectedResult(state, language, scope, result),
    place,
  );
  return { output, next: nextOf(state), assigned };
}

/**
 * A distributed Map's child workflow executions, run in place (their events are not the parent's):
 * failures are tolerated up to the run's thresholds, beyond which the Map fails with
 * States.ExceedToleratedFailureThreshold (state-map-distributed.html, "Tolerated failure threshold").
 */
async function runDistributed(
  run: StateRun,
  work: LineOfWork[],
  settings: { maxConcurrency: number; exceeded(failed: number, total: number): boolean },
  total: number,
): Promise<Json[]> {
  const { context, place, name } = run;
  const processor = (run.state.ItemProcessor ?? run.state.Iterator ?? {}) as JsonObject;
  const express = (processor.ProcessorConfig as JsonObject | undefined)?.ExecutionType === 'EXPRESS';
  const results: Json[] = new Array<Json>(total).fill(null);
  let failed = 0;
  let firstError: StateError | undefined;
  const detached = work.map((item, index) => ({
    run: async (where: typeof place, inner: typeof context) => {
      // A child that succeeded before a redrive is not run again (redrive-map-run.html: only the
      // failed or unfinished child executions are redriven).
      const reused = item.key === undefined ? undefined : context.redrive?.reuse(item.key);
      if (reused) return (results[index] = reused.output);
      // A STANDARD child is redriven (it continues where it failed); an EXPRESS one starts again
      // (redrive-map-run.html, "Child workflow execution redrive behaviour").
      if (express && item.key !== undefined) context.redrive?.restart(item.key);
      // A child execution has a history of its own: the parent's line does not move.
      const own = { ...where, line: where.line.detached(), path: item.key };
      try {
        results[index] = await item.run(own, inner);
        if (item.key !== undefined) context.redrive?.succeeded(item.key, results[index] ?? null);
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        failed += 1;
        firstError ??= error;
      }
      return results[index] ?? null;
    },
  }));
  await runConcurrently(detached, settings.maxConcurrency, place, context);
  if (failed > 0 && settings.exceeded(failed, total)) {
    place.line.record('MapRunFailed', {}, { state: name });
    throw passThrough(
      new StateError('States.ExceedToleratedFailureThreshold', 'The specified tolerance threshold was exceeded'),
    );
  }
  return results;
}
