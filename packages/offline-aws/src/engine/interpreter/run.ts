/**
 * The owned engine's state loop: runs a workflow's states (the execution's, a Parallel branch's or a
 * Map iteration's) from StartAt to an end, entering each state with its Retry and Catch
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html) and recording
 * its …StateEntered / …StateExited events.
 */
import { StateError } from '../errors';
import type { Json, JsonObject } from '../query/types';
import { asStateError, checkRunning, RunStopped, sleep, type Place, type RunContext } from './context';
import { assignedDetails, assignVariables, catchOutput, languageOf } from './fields';
import { checkPayloadSize } from './limits';
import { raisedHere, reportedBy } from './passed-through';
import { findCatcher, RetryCounter } from './retry';
import type { Outcome, StateRun } from './state-run';
import { runScope } from './state-run';
import { workOf } from './states';

const json = (value: Json): string => JSON.stringify(value);
const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** The states that run long enough to be stopped while in progress: they record …StateAborted. */
const ABORTABLE = new Set(['Task', 'Wait', 'Map', 'Parallel']);
const HANDLES_ERRORS = new Set(['Task', 'Map', 'Parallel']);
const CONTAINERS = new Set(['Map', 'Parallel']);

/**
 * Runs `definition`'s states from its StartAt with `input` until a state ends the run; in a redrive,
 * a line that an earlier attempt left unfinished continues from the state it ended in, with that
 * state's input and the line's variables then (redrive.ts).
 * @returns the last state's output. @throws StateError (the run failed), RunStopped (the execution stopped).
 */
export async function runStates(definition: JsonObject, input: Json, place: Place, context: RunContext): Promise<Json> {
  const states = asObject(definition.States);
  const resume = context.redrive?.resumeAt(place.path);
  if (resume) place.variables.assign(resume.variables);
  let name = resume?.name ?? (typeof definition.StartAt === 'string' ? definition.StartAt : '');
  let current = resume?.input ?? input;
  for (;;) {
    checkRunning(context);
    const outcome = await enterState(name, asObject(states[name]), current, place, context);
    if (outcome.next === undefined) return outcome.output;
    name = outcome.next;
    current = outcome.output;
  }
}

async function enterState(
  name: string,
  state: JsonObject,
  input: Json,
  place: Place,
  context: RunContext,
): Promise<Outcome> {
  const type = String(state.Type);
  const enteredAfter = place.line.cursor;
  const enteredId = place.line.record(
    `${type}StateEntered`,
    { name, input: json(input), inputDetails: { truncated: false } },
    { state: name },
  );
  context.host.stateEntered?.(name);
  // Where a redrive would continue this line (redrive.ts).
  context.redrive?.entered(place.path, name, input, place.variables.own());
  const run: StateRun = {
    name,
    state,
    type,
    language: languageOf(state, context),
    input,
    place,
    context,
    enteredId,
    enteredTime: new Date().toISOString(),
    retryCount: 0,
    runStates,
  };
  const retries = new RetryCounter(state.Retry);
  const work = workOf(type);
  if (!work) throw new StateError('States.Runtime', `Unknown state type '${type}' in state '${name}'`);
  for (;;) {
    let outcome: Outcome;
    try {
      outcome = await work(run);
      checkRunning(context);
      checkPayloadSize(outcome.output, name, 'result');
    } catch (thrown) {
      if (thrown instanceof RunStopped) {
        if (ABORTABLE.has(type) && !context.timedOut) place.line.record(`${type}StateAborted`, {}, { state: name });
        throw thrown;
      }
      const raised = asStateError(thrown);
      const error = reportedBy(raised, name, enteredId);
      context.history.markError(enteredId, error.name);
      if (raisedHere(raised) && error.name === 'States.QueryEvaluationError') {
        // A JSONata evaluation failure follows what the state's entry followed; a Wait's, its entry
        // (recorded on AWS: its Seconds/Timestamp are read as it runs).
        const location = (raised as { location?: unknown }).location;
        place.line.cursor = context.history.append(
          'EvaluationFailed',
          {
            error: error.name,
            cause: error.message,
            ...(typeof location === 'string' ? { location } : {}),
            state: name,
          },
          type === 'Wait' ? enteredId : enteredAfter,
          { state: name, error: error.name },
        );
      }
      if (!HANDLES_ERRORS.has(type)) throw error;
      const delay = error.name === '' ? undefined : retries.next(error, context.host.retryIntervalMs);
      if (delay !== undefined) {
        await sleep(delay, context);
        run.retryCount = retries.total;
        continue;
      }
      // A Map or Parallel that fails for good records it, but not for a terminal runtime error (recorded on AWS).
      if (CONTAINERS.has(type) && error.name !== 'States.Runtime') {
        place.line.record(`${type}StateFailed`, {}, { state: name, error: error.name });
      }
      const catcher = error.name === '' ? undefined : findCatcher(state.Catch, error);
      if (!catcher) throw error;
      outcome = await caught(run, catcher, error);
    }
    if (CONTAINERS.has(type)) context.redrive?.finished(place.path, name);
    place.line.record(
      `${type}StateExited`,
      { name, output: json(outcome.output), outputDetails: { truncated: false }, ...assignedDetails(outcome.assigned) },
      { state: name },
    );
    return outcome;
  }
}

/**
 * The state's output when a catcher caught `error`: the error output `{Error, Cause}` through the
 * catcher's ResultPath (JSONPath) or Output (JSONata), and the catcher's Assign.
 */
async function caught(run: StateRun, catcher: JsonObject, error: StateError): Promise<Outcome> {
  const errorOutput: JsonObject = { Error: error.name, ...(error.hasCause ? { Cause: error.message } : {}) };
  const scope = runScope(run, { errorOutput });
  const output = await catchOutput(catcher, run.language, scope, errorOutput);
  const assigned = await assignVariables(catcher.Assign, run.language, scope, errorOutput, run.place);
  return { output, next: typeof catcher.Next === 'string' ? catcher.Next : undefined, assigned };
}
