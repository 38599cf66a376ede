/**
 * Which errors AWS reports with the state that raised them: an error of a state's own evaluation
 * (a path, an expression, an intrinsic) gets the prefix "An error occurred while executing the state
 * 'X' (entered at the event id #N). " (recorded on AWS); an error that came out of a task, a branch, an
 * iteration or a Fail state is passed on as it is.
 */
import { StateError } from '../errors';

const EVALUATION_ERRORS = new Set(['States.Runtime', 'States.QueryEvaluationError', 'States.IntrinsicFailure']);
const passedThrough = new WeakSet<StateError>();

/** Marks `error` as raised by a task, a branch or a Fail state: its cause is not prefixed again. */
export function passThrough(error: StateError): StateError {
  passedThrough.add(error);
  return error;
}

/** Whether `error` was raised by the state handling it (not passed on from a task, branch or Fail state). */
export const raisedHere = (error: StateError): boolean => !passedThrough.has(error);

/** `error` as the state `name` (entered at event `enteredId`) reports it. */
export function reportedBy(error: StateError, name: string, enteredId: number): StateError {
  if (passedThrough.has(error) || !EVALUATION_ERRORS.has(error.name)) return passThrough(error);
  if (error.message.startsWith('An error occurred while executing the state')) return passThrough(error);
  return passThrough(
    new StateError(
      error.name,
      `An error occurred while executing the state '${name}' (entered at the event id #${enteredId}). ${error.message}`,
    ),
  );
}
