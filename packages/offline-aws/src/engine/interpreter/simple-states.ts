/**
 * The states that do their work in place: Pass, Succeed, Fail, Wait and Choice
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html).
 */
import { StateError } from '../errors';
import { decideJsonata, decideJsonPath } from '../query/choice';
import { parseTimestamp } from '../query/timestamp';
import { evaluateJsonataField, JsonataFieldError } from '../query/jsonata';
import { evaluateIntrinsic, readPath, tryReadPath } from '../query/jsonpath';
import type { Json, JsonObject } from '../query/types';
import { sleep } from './context';
import { passThrough } from './passed-through';
import { assignVariables, effectiveInput, stateOutput } from './fields';
import { nextOf, runScope, type Outcome, type StateRun } from './state-run';

/** Pass: its Result (JSONPath) or its input, through the output fields; Assign's `$` is that result. */
export async function pass(run: StateRun): Promise<Outcome> {
  const { state, language } = run;
  const scope = runScope(run);
  const effective = await effectiveInput(state, language, scope, true);
  const result = language === 'JSONPath' && state.Result !== undefined ? state.Result : effective;
  const output = await stateOutput(state, language, scope, result, false);
  const assigned = await assignVariables(state.Assign, language, scope, result, run.place);
  return { output, next: nextOf(state), assigned };
}

/** Succeed: ends its branch (or the execution) with its input through InputPath/OutputPath or Output. */
export async function succeed(run: StateRun): Promise<Outcome> {
  const scope = runScope(run);
  const effective = await effectiveInput(run.state, run.language, scope, false);
  return { output: await stateOutput(run.state, run.language, scope, effective, false) };
}

/** Error/Cause of a JSONPath Fail state from ErrorPath/CausePath: a path or an intrinsic function. */
function failField(
  state: JsonObject,
  field: 'Error' | 'Cause',
  scope: ReturnType<typeof runScope>,
): string | undefined {
  const path = state[`${field}Path`];
  if (typeof path === 'string') {
    const value = path.startsWith('States.') ? evaluateIntrinsic(path, scope) : readPath(path, scope, `${field}Path`);
    if (typeof value !== 'string') {
      throw new StateError(
        'States.Runtime',
        `The ${field}Path field must refer to a string value: ${path} == ${JSON.stringify(value)}`,
      );
    }
    return value;
  }
  return typeof state[field] === 'string' ? (state[field] as string) : undefined;
}

/** Fail: fails its branch (or the execution) with Error and Cause; neither when the state gives none. */
export async function fail(run: StateRun): Promise<Outcome> {
  const { state } = run;
  const scope = runScope(run);
  let error: Json | undefined;
  let cause: Json | undefined;
  if (run.language === 'JSONata') {
    error = state.Error === undefined ? undefined : await evaluateJsonataField(state.Error, scope, 'Error');
    cause = state.Cause === undefined ? undefined : await evaluateJsonataField(state.Cause, scope, 'Cause');
  } else {
    error = failField(state, 'Error', scope);
    cause = failField(state, 'Cause', scope);
  }
  const text = (value: Json | undefined) =>
    value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
  const causeText = text(cause);
  throw passThrough(new StateError(text(error) ?? '', causeText ?? '', causeText !== undefined));
}

/**
 * Milliseconds since the epoch of a Wait timestamp (state-wait.html: an ISO-8601 extended offset
 * date-time, the same profile as Choice's timestamps), or undefined when it is not one.
 */
function timestampMs(value: Json): number | undefined {
  const instant = typeof value === 'string' ? parseTimestamp(value) : undefined;
  return instant === undefined ? undefined : instant.seconds * 1000 + Math.floor(instant.nanos / 1e6);
}

/** How long a Wait state waits, in milliseconds, from its Seconds/SecondsPath/Timestamp/TimestampPath. */
async function waitMs(run: StateRun): Promise<number> {
  const { state } = run;
  const scope = runScope(run);
  if (run.language === 'JSONata') {
    if (state.Seconds !== undefined) {
      const seconds = await evaluateJsonataField(state.Seconds, scope, 'Seconds');
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw new JsonataFieldError(
          `The Seconds field must be a non-negative integer: ${JSON.stringify(seconds)}`,
          'Seconds',
        );
      }
      return seconds * 1000;
    }
    const timestamp = await evaluateJsonataField(state.Timestamp ?? null, scope, 'Timestamp');
    const time = timestampMs(timestamp);
    if (time === undefined) {
      throw new JsonataFieldError(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`,
        'Timestamp',
      );
    }
    return time - Date.now();
  }
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
  if (typeof state.Timestamp === 'string') return (timestampMs(state.Timestamp) ?? Date.now()) - Date.now();
  if (typeof state.SecondsPath === 'string') {
    const seconds = readPath(state.SecondsPath, scope, 'SecondsPath');
    const shown = `${state.SecondsPath} == ${typeof seconds === 'string' ? seconds : JSON.stringify(seconds)}`;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
      throw new StateError('States.Runtime', `The SecondsPath parameter cannot be parsed as a long value: ${shown}`);
    }
    if (seconds < 0) {
      throw new StateError('States.Runtime', `The SecondsPath parameter references a negative value: ${shown}`);
    }
    return seconds * 1000;
  }
  const path = typeof state.TimestampPath === 'string' ? state.TimestampPath : '$';
  const timestamp = readPath(path, scope, 'TimestampPath');
  const time = timestampMs(timestamp);
  if (time === undefined) {
    throw new StateError(
      'States.Runtime',
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`,
    );
  }
  return time - Date.now();
}

/** Wait: waits (or less: the runner's override, the console's skip), then passes its input on. */
export async function wait(run: StateRun): Promise<Outcome> {
  const { state, context, name } = run;
  const scope = runScope(run);
  const effective = await effectiveInput(state, run.language, scope, false);
  const ms = await waitMs({ ...run, input: effective });
  await sleep(context.host.waitOverrideMs?.(name) ?? ms, context, context.host.waitSkipSignal?.(name));
  const output = await stateOutput(state, run.language, scope, effective, false);
  const assigned = await assignVariables(state.Assign, run.language, scope, effective, run.place);
  return { output, next: nextOf(state), assigned };
}

/**
 * Choice (state-choice.html): the first rule that matches gives Next (and, in JSONata, its Output and
 * Assign); else Default with the state's own Assign/Output; else States.Runtime (NO_NEXT_STATE).
 */
export async function choice(run: StateRun): Promise<Outcome> {
  const { state, language } = run;
  const scope = runScope(run);
  const effective = await effectiveInput(state, language, scope, false);
  const ruleScope = { ...scope, input: language === 'JSONata' ? run.input : effective };
  const decided =
    language === 'JSONata'
      ? await decideJsonata(state, (condition, field) => evaluateJsonataField(condition, ruleScope, field))
      : decideJsonPath(state, (path) => tryReadPath(path, ruleScope));
  // A matching rule's own Output and Assign apply; with Default, the state's.
  const rule = decided.matched?.rule ?? state;
  const outputSource = language === 'JSONata' && rule.Output !== undefined ? rule : state;
  const output = await stateOutput(outputSource, language, scope, effective, false);
  const assigned = await assignVariables(rule.Assign, language, scope, effective, run.place);
  return { output, next: decided.next, assigned };
}
