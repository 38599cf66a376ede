/**
 * Parallel (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html): every branch
 * runs on the state's effective input (Parameters / Arguments); the result is the array of the
 * branches' outputs, in the branches' order. History: ParallelStateStarted, the branches' events,
 * then ParallelStateSucceeded or ParallelStateFailed.
 */
import type { JsonObject } from '../query/types';
import { effectiveInput } from './fields';
import { runConcurrently } from './branches';
import { passThrough } from './passed-through';
import { RedriveMemory } from './redrive';
import { outcomeOf, runScope, type Outcome, type StateRun } from './state-run';

export async function parallel(run: StateRun): Promise<Outcome> {
  const { state, language, context, name, place } = run;
  const scope = runScope(run);
  const input = await effectiveInput(state, language, scope, true);
  place.line.record('ParallelStateStarted', {}, { state: name });
  const branches = (Array.isArray(state.Branches) ? state.Branches : []) as JsonObject[];
  const settled = await runConcurrently(
    branches.map((branch, index) => ({
      run: (where, inner) => run.runStates(branch, input, where, inner),
      key: RedriveMemory.keyOf(place.path, name, index),
    })),
    0,
    place,
    context,
  );
  if (settled.error) throw passThrough(settled.error);
  place.line.record('ParallelStateSucceeded', {}, { state: name });
  const result = settled.results;
  return outcomeOf(run, scope, result);
}
