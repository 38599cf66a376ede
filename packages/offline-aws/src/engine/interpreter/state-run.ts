/**
 * One entry into a state: what every state type's work receives, and what it gives back.
 */
import type { Json, JsonObject, QueryLanguage, EvaluationScope } from '../query/types';
import type { Place, RunContext } from './context';
import { assignVariables, contextObject, scopeOf, selectedResult, stateOutput } from './fields';

export interface StateRun {
  name: string;
  state: JsonObject;
  type: string;
  language: QueryLanguage;
  /** The state's input as it entered (ResultPath merges into it; JSONata's `$states.input`). */
  input: Json;
  place: Place;
  context: RunContext;
  /** The id of the state's …StateEntered event (AWS's runtime error causes name it). */
  enteredId: number;
  enteredTime: string;
  /** Retries made so far in this entry (`$$.State.RetryCount`). */
  retryCount: number;
  /** Runs a nested state list (a Parallel branch, a Map iteration); handed in so the nesting states do not import the run loop back. */
  runStates: RunStates;
}

/** Runs `definition`'s states from StartAt on `input` at `place`; resolves to the last state's output. */
export type RunStates = (definition: JsonObject, input: Json, place: Place, context: RunContext) => Promise<Json>;

/** What a state's work gives back: its output, and where the run goes next (none: the end). */
export interface Outcome {
  output: Json;
  next?: string;
  /** The variables the state assigned (the StateExited event's `assignedVariables`). */
  assigned?: JsonObject;
}

/** The evaluation scope of a state's fields: its input, the context object and its variables. */
export function runScope(run: StateRun, extra: Partial<EvaluationScope> & { token?: string } = {}): EvaluationScope {
  const { token, ...rest } = extra;
  const context = contextObject(run.context, run.place, {
    name: run.name,
    enteredTime: run.enteredTime,
    ...(run.type === 'Task' ? { retryCount: run.retryCount } : {}),
    token,
  });
  return scopeOf(run.input, context, run.place, rest);
}

/** Where a state goes after its work: its Next, or nowhere when End. */
export const nextOf = (state: JsonObject): string | undefined =>
  typeof state.Next === 'string' ? state.Next : undefined;

/**
 * The outcome of a state that produced `result` (a Task's, a Parallel's or a Map's): its output
 * (ResultSelector, ResultPath, OutputPath; JSONata: Output) and its Assign, evaluated together on
 * the result (workflow-variables.html), then its Next.
 */
export async function outcomeOf(run: StateRun, scope: EvaluationScope, result: Json): Promise<Outcome> {
  const { state, language, place } = run;
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
