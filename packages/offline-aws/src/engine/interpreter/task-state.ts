/**
 * Task (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html): one attempt per entry
 * or retry, handed to the host (tasks.ts makes the call and records its task events), with its
 * TimeoutSeconds/HeartbeatSeconds evaluated for the attempt and a task token for `.waitForTaskToken`.
 */
import { StateError } from '../errors';
import { evaluateJsonataField } from '../query/jsonata';
import { readPath } from '../query/jsonpath';
import type { EvaluationScope, Json } from '../query/types';
import { after, asStateError, RunStopped, type RunContext } from './context';
import { effectiveInput } from './fields';
import { checkPayloadSize } from './limits';
import { passThrough } from './passed-through';
import { outcomeOf, runScope, type Outcome, type StateRun } from './state-run';

const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

/** The task-level events that end an attempt with an error (the trace's `error`). */
const FAILURE_EVENTS = new Set(['LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'TaskFailed', 'TaskTimedOut']);

/** Resolves with `work`, or rejects with RunStopped as soon as the execution is stopped. */
export function untilStopped<T>(work: Promise<T>, context: RunContext): Promise<T> {
  if (context.signal.aborted) {
    // Nothing waits for the work any more: its failure (a `.sync` child stopped with its parent, a
    // Lambda still running) must not become an unhandled rejection, which would end the process.
    work.catch(() => undefined);
    return Promise.reject(new RunStopped());
  }
  return new Promise<T>((resolve, reject) => {
    const stopped = () => reject(new RunStopped());
    context.signal.addEventListener('abort', stopped, { once: true });
    work.then(
      (value) => {
        context.signal.removeEventListener('abort', stopped);
        resolve(value);
      },
      (error: unknown) => {
        context.signal.removeEventListener('abort', stopped);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * TimeoutSeconds or HeartbeatSeconds for this attempt: the number, its `…Path` (read from the state's
 * input after InputPath), or its JSONata expression. @throws StateError when it is not a positive integer.
 */
async function seconds(
  run: StateRun,
  scope: EvaluationScope,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
): Promise<number | undefined> {
  const { state, language } = run;
  let value: Json | undefined = state[field];
  if (language === 'JSONata' && value !== undefined) value = await evaluateJsonataField(value, scope, field);
  else if (language === 'JSONPath' && typeof state[`${field}Path`] === 'string') {
    const path = state[`${field}Path`] as string;
    value = readPath(path, scope, `${field}Path`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new StateError(
        'States.Runtime',
        `The ${field}Path parameter references an invalid value: ${path} == ${JSON.stringify(value)}`,
      );
    }
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new StateError(
      language === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `The ${field} field must be a positive integer: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export async function task(run: StateRun): Promise<Outcome> {
  const { state, language, context, name, place } = run;
  const info = context.states.get(name);
  if (!info?.target) {
    throw new StateError('States.Runtime', `The resource '${String(state.Resource)}' cannot be run offline`);
  }
  const resource = String(state.Resource);
  const token = resource.endsWith('.waitForTaskToken') ? context.host.issueToken(name) : undefined;
  const scope = runScope(run, { token });
  const afterInputPath = language === 'JSONPath' ? await effectiveInput(state, language, scope, false) : run.input;
  const timeoutSeconds = await seconds(run, { ...scope, input: afterInputPath }, 'TimeoutSeconds');
  const heartbeatSeconds = await seconds(run, { ...scope, input: afterInputPath }, 'HeartbeatSeconds');
  const input = await effectiveInput(state, language, scope, true);
  checkPayloadSize(input, name, 'input');
  // TimeoutSeconds: "If not provided, the default value is 99999999" (state-task.html).
  const timeoutMs = context.host.taskTimeoutOverrideMs?.(name) ?? (timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  let cancelTimeout: () => void = () => undefined;
  const timeout = new Promise<never>((_, reject) => {
    cancelTimeout = after(timeoutMs, () =>
      reject(new StateError('States.Timeout', `${name} ran past its TimeoutSeconds`)),
    );
  });
  timeout.catch(() => undefined); // settled by the race in runTask, or never looked at once the call ended
  let result: Json;
  try {
    result = await untilStopped(
      context.host.runTask({
        state: info,
        definition: state,
        input,
        token,
        timeoutSeconds,
        heartbeatSeconds,
        timeout,
        record: (type, details) => {
          // A stopped (or timed-out) execution's history ends with the state's …Aborted event and
          // ExecutionAborted: the abandoned call (a closed task token, a late answer) records nothing more.
          if (context.executionSignal?.aborted) return;
          const error = FAILURE_EVENTS.has(type) ? (details as { error?: string }).error : undefined;
          place.line.record(type, details, { state: name, ...(error === undefined ? {} : { error }) });
        },
      }),
      context,
    );
  } catch (thrown) {
    if (thrown instanceof RunStopped) throw thrown;
    throw passThrough(asStateError(thrown));
  } finally {
    cancelTimeout();
  }
  return outcomeOf(run, scope, result);
}
