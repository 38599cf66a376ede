/**
 * A Distributed Map's Map Run (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html):
 * its items (the state's input, or its ItemReader's), batched by its ItemBatcher, each item or batch a
 * child workflow execution run in place (its events are not the parent's), failures tolerated up to
 * the run's thresholds, the results exported by its ResultWriter.
 *
 * Events (recorded on AWS): MapRunStarted once the reader's, batcher's and writer's settings are
 * read (an invalid one fails the state with States.Runtime before it); then MapRunSucceeded, or
 * MapRunFailed — with the error and cause for States.ItemReaderFailed / States.ResultWriterFailed,
 * without for States.ExceedToleratedFailureThreshold.
 */
import { randomUUID } from 'node:crypto';
import { StateError } from '../errors';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import { runConcurrently, type LineOfWork } from '../interpreter/branches';
import { passThrough } from '../interpreter/passed-through';
import { RedriveMemory } from '../interpreter/redrive';
import type { StateRun } from '../interpreter/state-run';
import type { Tolerance } from '../interpreter/map-settings';
import { RunStopped } from '../interpreter/context';
import { ExecutionHistory } from '../history';
import type { MapRunChildExecution, MapRunRecord } from './map-run-record';
import { batchItems, planBatcher } from './item-batcher';
import { planItemReader, readItems } from './item-reader';
import { planWriter, writeResults, type ChildRecord } from './result-writer';

export interface MapRunSettings {
  scope: EvaluationScope;
  effective: Json;
  processor: JsonObject;
  /** The items when the state has no ItemReader (`$$.Map.Item.Value`). */
  items: Json[];
  /** Their inputs after ItemSelector, selected before the run starts (without an ItemReader). */
  inputs: Json[];
  /** Each item's input after ItemSelector (a reader's items are selected once read). */
  select(items: Json[]): Promise<Json[]>;
  maxConcurrency: number;
  exceeded: Tolerance;
}

const READ_WRITE_ERRORS = new Set(['States.ItemReaderFailed', 'States.ResultWriterFailed']);
const asObject = (value: Json | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

/**
 * Runs the Map Run.
 * @returns the state's result: the children's outputs in item order (null for a failed one), or
 * what the ResultWriter gives (its ResultWriterDetails, or the formatted results).
 * @throws StateError States.ItemReaderFailed, States.ResultWriterFailed, States.ExceedToleratedFailureThreshold.
 */
export async function runMapRun(run: StateRun, settings: MapRunSettings): Promise<Json> {
  const { state, context, place, name } = run;
  const { scope, effective } = settings;
  const reader = asObject(state.ItemReader);
  const batcher = asObject(state.ItemBatcher);
  const writer = asObject(state.ResultWriter);
  const readerPlan = reader ? await planItemReader(run, scope, effective, reader) : undefined;
  const batchPlan = batcher ? await planBatcher(run, scope, effective, batcher) : undefined;
  const writerPlan = writer ? await planWriter(run, scope, effective, writer) : undefined;
  const label = typeof state.Label === 'string' ? state.Label : name;
  const fresh = `${context.stateMachine.Id.replace(':stateMachine:', ':mapRun:')}/${label}:${randomUUID()}`;
  // A redrive goes on with the Map Run that failed (API_MapRunRedrivenEventDetails.html).
  const mapRun = context.redrive?.mapRun(place.path, name, fresh) ?? { mapRunArn: fresh, redriveCount: 0 };
  const { mapRunArn } = mapRun;
  if (mapRun.redriveCount > 0) place.line.record('MapRunRedriven', mapRun, { state: name });
  else place.line.record('MapRunStarted', { mapRunArn }, { state: name });
  const record: MapRunRecord = {
    mapRunArn,
    executionArn: context.execution.Id,
    stateMachineArn: `${context.stateMachine.Id}/${label}`,
    startDate: new Date(),
    status: 'RUNNING',
    maxConcurrency: settings.maxConcurrency,
    toleratedFailurePercentage: settings.exceeded.percentage ?? 0,
    toleratedFailureCount: settings.exceeded.count ?? 0,
    redriveCount: mapRun.redriveCount,
    children: [],
  };
  context.host.mapRunStarted?.(record);
  try {
    const items = readerPlan ? await readItems(readerPlan, context.host.s3) : settings.items;
    const selected = readerPlan ? await settings.select(items) : settings.inputs;
    const inputs = batchPlan ? batchItems(selected, batchPlan) : selected;
    // `$$.Map.Item.Value` is the item as read; a batch's, the batch.
    const records = await runChildren(run, settings, { inputs, values: batchPlan ? inputs : items }, record);
    // The thresholds count items: a failed batch fails every item it holds (state-map-distributed.html,
    // "Tolerated failure threshold": the percentage or number of items that can fail).
    const itemsOf = (record: ChildRecord) => (batchPlan ? ((record.input as JsonObject).Items as Json[]).length : 1);
    const failed = records.filter((record) => record.status === 'FAILED').reduce((sum, r) => sum + itemsOf(r), 0);
    const result = writerPlan
      ? await writeResults(writerPlan, records, mapRunArn, context.host.s3)
      : records.map((record) => record.output ?? null);
    if (failed > 0 && settings.exceeded(failed, selected.length)) {
      record.status = 'FAILED';
      place.line.record('MapRunFailed', {}, { state: name });
      throw passThrough(
        new StateError('States.ExceedToleratedFailureThreshold', 'The specified tolerance threshold was exceeded'),
      );
    }
    record.status = 'SUCCEEDED';
    place.line.record('MapRunSucceeded', {}, { state: name });
    return result;
  } catch (error) {
    record.status = error instanceof RunStopped ? 'ABORTED' : 'FAILED';
    if (error instanceof StateError && READ_WRITE_ERRORS.has(error.name)) {
      place.line.record('MapRunFailed', { error: error.name, cause: error.message }, { state: name });
      throw passThrough(error);
    }
    throw error;
  } finally {
    record.stopDate = new Date();
  }
}

/** Runs one child execution per input, at most MaxConcurrency at a time; a failed child is recorded, not thrown. */
async function runChildren(
  run: StateRun,
  settings: MapRunSettings,
  { inputs, values }: { inputs: Json[]; values: Json[] },
  mapRun: MapRunRecord,
): Promise<ChildRecord[]> {
  const { context, place } = run;
  const machineArn = mapRun.stateMachineArn;
  const executionPrefix = `${machineArn.replace(':stateMachine:', ':execution:')}:`;
  const records: ChildRecord[] = [];
  const express = (settings.processor.ProcessorConfig as JsonObject | undefined)?.ExecutionType === 'EXPRESS';
  const work: LineOfWork[] = inputs.map((input, index) => ({
    run: async (where, inner) => {
      const childName = randomUUID();
      const record: ChildRecord = {
        executionArn: `${executionPrefix}${childName}`,
        name: childName,
        stateMachineArn: machineArn,
        input,
        startDate: new Date(),
        stopDate: new Date(),
        status: 'SUCCEEDED',
      };
      records[index] = record;
      const key = RedriveMemory.keyOf(place.path, run.name, index);
      // A child that succeeded before a redrive is not run again (redrive-map-run.html: only the
      // failed or unfinished child executions are redriven).
      const reused = context.redrive?.reuse(key);
      if (reused) return (record.output = reused.output);
      // A STANDARD child is redriven (it continues where it failed); an EXPRESS one starts again
      // (redrive-map-run.html, "Child workflow execution redrive behaviour").
      if (express) context.redrive?.restart(key);
      // A child execution has a history of its own (ExecutionStarted … its end); the parent's line
      // does not move.
      const child = startChild(run, mapRun, record);
      const own = {
        ...where,
        line: child.line,
        map: { Item: { Index: index, Value: values[index] ?? null } },
        path: key,
      };
      try {
        record.output = await run.runStates(settings.processor, input, own, inner);
        context.redrive?.succeeded(key, record.output);
        child.end({ status: 'SUCCEEDED', output: record.output });
      } catch (error) {
        if (error instanceof RunStopped) child.end({ status: 'ABORTED' });
        if (!(error instanceof StateError)) throw error;
        Object.assign(record, { status: 'FAILED', error: error.name, cause: error.message });
        child.end({ status: 'FAILED', error: error.name, cause: error.hasCause ? error.message : undefined });
      }
      record.stopDate = new Date();
      return record.output ?? null;
    },
  }));
  await runConcurrently(work, settings.maxConcurrency, place, context);
  return records;
}

/** Opens a child execution's own history and registers it with its Map Run; `end` records how it ended. */
function startChild(run: StateRun, mapRun: MapRunRecord, record: ChildRecord) {
  const history = new ExecutionHistory(run.context.states);
  const line = history.line();
  line.record('ExecutionStarted', {
    input: JSON.stringify(record.input),
    inputDetails: { truncated: false },
    roleArn: run.context.execution.RoleArn,
  });
  const child: MapRunChildExecution = {
    executionArn: record.executionArn,
    name: record.name,
    stateMachineArn: record.stateMachineArn,
    mapRunArn: mapRun.mapRunArn,
    input: record.input,
    history,
    startDate: record.startDate,
    status: 'RUNNING',
  };
  mapRun.children.push(child);
  const end = (how: Pick<MapRunChildExecution, 'status' | 'output' | 'error' | 'cause'>): void => {
    Object.assign(child, how, { stopDate: new Date() });
    if (how.status === 'SUCCEEDED') {
      line.record('ExecutionSucceeded', {
        output: JSON.stringify(how.output ?? null),
        outputDetails: { truncated: false },
      });
    } else if (how.status === 'ABORTED') line.record('ExecutionAborted', {});
    else {
      line.record('ExecutionFailed', {
        ...(how.error === undefined ? {} : { error: how.error }),
        ...(how.cause === undefined ? {} : { cause: how.cause }),
      });
    }
  };
  return { line, end };
}
