/**
 * The executions recorded on real AWS Step Functions (test/fixtures/aws-recorded/cases.json, whose
 * README.md credits the source and explains the placeholders), read and checked with zod.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { Json } from '../../../src/engine/query/types';

export const CORPUS_FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'aws-recorded', 'cases.json');

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

/** One recorded history event: `id` is `[0]` for the events of a Parallel state the snapshot sorted. */
const recordedEvent = z.looseObject({
  id: z.union([z.number(), z.array(z.number())]),
  previousEventId: z.number(),
  type: z.string(),
});

const recordedCase = z.object({
  /** The LocalStack test's snapshot key, e.g. `assign_base.base_cases[BASE_EMPTY]`. */
  name: z.string(),
  /** choice, intrinsics, jsonata, map, variables, paths, wait, errors or parallel. */
  area: z.string(),
  /** The test, under tests/aws/services/stepfunctions/v2/ of the source repository. */
  test: z.string(),
  /** The definition as sent to CreateStateMachine (JSON text). */
  definition: z.string(),
  /** The execution input as sent to StartExecution (JSON text). */
  input: z.string(),
  expected: z.object({
    status: z.enum(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING']),
    output: json.optional(),
    error: json.optional(),
    cause: json.optional(),
    /** GetExecutionHistory's events, when the test recorded them. */
    events: z.array(recordedEvent).optional(),
  }),
  /** How the test transformed what AWS answered (applied to the local answer too). */
  compare: z.object({
    roleArnReplacement: z.string().optional(),
    parallelEventsSorted: z.boolean().optional(),
    jsonpathReplacements: z.array(z.object({ path: z.string(), replacement: z.string() })).optional(),
    regexReplacements: z.array(z.object({ pattern: z.string(), replacement: z.string() })).optional(),
    outputOnly: z.boolean().optional(),
  }),
});

export type RecordedCase = z.infer<typeof recordedCase>;
export type RecordedEvent = z.infer<typeof recordedEvent>;

const corpus = z.object({ cases: z.array(recordedCase) });

let loaded: RecordedCase[] | undefined;

/** Every recorded case, in the file's order. @throws ZodError when the file does not have this shape. */
export function loadCorpus(): RecordedCase[] {
  loaded ??= corpus.parse(JSON.parse(readFileSync(CORPUS_FILE, 'utf8'))).cases;
  return loaded;
}

/** The cases of `areas` (all when empty) named in `only` (all when empty). */
export function selectCases(cases: RecordedCase[], areas: string[] = [], only: string[] = []): RecordedCase[] {
  return cases.filter((c) => (!areas.length || areas.includes(c.area)) && (!only.length || only.includes(c.name)));
}

type State = Record<string, Json>;

/** Every state of a definition, those of Parallel branches and Map iterations included. */
function* statesOf(states: Json | undefined): Generator<State> {
  if (typeof states !== 'object' || states === null || Array.isArray(states)) return;
  for (const state of Object.values(states)) {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) continue;
    yield state;
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (typeof branch === 'object' && branch !== null && !Array.isArray(branch)) yield* statesOf(branch.States);
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (typeof processor === 'object' && processor !== null && !Array.isArray(processor)) {
      yield* statesOf(processor.States);
    }
  }
}

/** The value of a `$.a.b` path in `input`; undefined for any other path. */
function pathValue(input: Json, path: Json | undefined): Json | undefined {
  if (typeof path !== 'string' || !/^\$(\.[A-Za-z0-9_]+)+$/.test(path)) return undefined;
  let value: Json | undefined = input;
  for (const key of path.slice(2).split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? value[key] : undefined;
  }
  return value;
}

/**
 * Whether an execution of the case spends real time waiting: a Retry (AWS waits IntervalSeconds,
 * 1 s by default, before each retry) or a Wait state of more than 0 seconds (its Seconds, or its
 * SecondsPath read from the input). Such cases run in `npm run test:slow` only.
 */
export function waitsInRealTime(kase: RecordedCase): boolean {
  const definition = JSON.parse(kase.definition) as State;
  const input = JSON.parse(kase.input) as Json;
  for (const state of statesOf(definition.States)) {
    if (state.Retry !== undefined) return true;
    if (state.Type !== 'Wait') continue;
    const seconds = state.Seconds ?? pathValue(input, state.SecondsPath);
    if (typeof seconds === 'number' && seconds > 0) return true;
  }
  return false;
}
