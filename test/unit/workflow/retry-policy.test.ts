/**
 * The saga's failure handling, read from the definition itself: every Lambda Task retries the
 * transient Lambda errors (AWS Step Functions, "Handling errors in Step Functions workflows":
 * Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException,
 * Lambda.TooManyRequestsException, Lambda.ClientExecutionTimeoutException should be retried) and
 * never a business error; every Task catches everything into a next state; and nothing after the
 * pivot leads into the compensation.
 */
import type { JsonObject } from 'offline-aws/engine/definition';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import { loadServices } from '../../../tools/offline/services';
import {
  ESCALATION_ERRORS,
  REFUSAL_ERRORS,
  LAMBDA_TRANSIENT_ERRORS,
  KERNEL_ERRORS,
  ORDER_OUTCOME_ERRORS,
} from '../../../services/shared/workflow-errors';
import { FAILURE_ERROR, isExpression, namedFailures } from './named-failures';
import { sagaMachines, sagaStates } from './saga-states';

const config = loadServerlessConfig();
const [parent, ...children] = sagaMachines(config);
/** The saga and its Express children, read as one (state names are unique across them). */
const workflow = {
  states: new Map(sagaMachines(config).flatMap((machine) => [...machine.states])),
};

interface RawState {
  name: string;
  state: JsonObject;
  /** The Parallel state a branch state belongs to, if any. */
  parent?: RawState;
}

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const list = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.map(asObject) : []);
const errorsOf = (rules: JsonObject[]) => rules.flatMap((rule) => (rule.ErrorEquals as string[] | undefined) ?? []);

function collect(states: JsonObject, parent?: RawState, into: RawState[] = []): RawState[] {
  for (const [name, raw] of Object.entries(states)) {
    const entry: RawState = { name, state: asObject(raw), ...(parent ? { parent } : {}) };
    into.push(entry);
    for (const branch of list(entry.state.Branches)) collect(asObject(branch.States), entry, into);
  }
  return into;
}

const all = collect(sagaStates(config));
const lambdaTasks = all.filter(({ name }) => workflow.states.get(name)?.target?.kind === 'lambda');
const tasks = all.filter(({ state }) => state.Type === 'Task');

it('finds the Lambda Tasks of the definition', () => {
  expect(lambdaTasks.length).toBeGreaterThan(10);
  // The callback Task names its function in JSONata Arguments (lambda:invoke.waitForTaskToken).
  expect(workflow.states.get('RequestReview')?.target).toEqual({
    kind: 'lambda',
    functionName: 'requestReview',
    payloadOnly: true,
    waitForTaskToken: true,
  });
});

describe.each(lambdaTasks.map((task) => [task.name, task] as const))('%s', (_name, { state }) => {
  const retriers = list(state.Retry);

  it('has one retrier for every transient Lambda error', () => {
    const complete = retriers.some((r) =>
      LAMBDA_TRANSIENT_ERRORS.every((error) => (r.ErrorEquals as string[]).includes(error)),
    );
    expect(complete).toBe(true);
  });

  it('never retries a business error, nor everything', async () => {
    const retried = errorsOf(retriers);
    const business = (await loadServices()).flatMap((service) => Object.keys(service.errors));
    expect(business).toContain('OutOfStock');
    for (const error of [...KERNEL_ERRORS, ...business, 'States.ALL', 'States.TaskFailed']) {
      expect(retried).not.toContain(error);
    }
  });

  it('retries with exponential backoff, a cap and full jitter', () => {
    for (const retrier of retriers) {
      expect(retrier).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
      expect(retrier.MaxDelaySeconds).toEqual(expect.any(Number));
    }
  });

  it('retries its own timeout, unless that timeout is the review window of a callback', () => {
    const callback = String(state.Resource).endsWith('.waitForTaskToken');
    expect(errorsOf(retriers).includes('States.Timeout')).toBe(!callback);
  });
});

const catchesAll = (state: JsonObject) => errorsOf(list(state.Catch)).includes('States.ALL');
/** Whether a Task's `StateMachineArn` names this machine (its ARN, or a version or alias of it). */
const names = (state: JsonObject, stateMachineArn: string): boolean => {
  const arn = asObject(state.Arguments).StateMachineArn;
  return typeof arn === 'string' && (arn === stateMachineArn || arn.startsWith(`${stateMachineArn}:`));
};
/** The saga's Task that starts a child machine (`states:startExecution.sync:2` on its published version). */
const starterOf = (stateMachineArn: string): RawState | undefined =>
  all.find(({ state }) => names(state, stateMachineArn));

it.each(tasks.map((task) => [task.name, task] as const))(
  '%s catches every error into a next state (itself, through its Parallel, or through the Task that starts its Express child)',
  (name, task) => {
    const child = children.find((machine) => machine.states.has(name));
    if (child) {
      // A child's step catches nothing: its failure fails the child, and the saga's Task catches it.
      const starter = starterOf(child.stateMachineArn);
      expect(starter?.state.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
      expect(catchesAll(starter?.state ?? {})).toBe(true);
      return;
    }
    expect(parent?.states.has(name)).toBe(true);
    expect(catchesAll(task.state) || (task.parent !== undefined && catchesAll(task.parent.state))).toBe(true);
  },
);

it.each(children.map((child) => [child.name, child] as const))(
  'the Express child %s is started by exactly one Task of the saga, which never runs a failed child again',
  (_name, child) => {
    const starters = all.filter(({ state }) => names(state, child.stateMachineArn));
    expect(starters).toHaveLength(1);
    const retried = errorsOf(list(starters[0]?.state.Retry));
    for (const error of ['States.ALL', 'States.TaskFailed', 'States.Timeout']) expect(retried).not.toContain(error);
    // The child's error reaches the saga in States.TaskFailed's Cause; the first catcher names it.
    expect(errorsOf(list(starters[0]?.state.Catch).slice(0, 1))).toEqual(['States.TaskFailed']);
  },
);

it('ends only in Fail states named by the outcome and escalation lists', () => {
  const fails = all.filter(({ state }) => state.Type === 'Fail');
  for (const { state } of fails) {
    if (isExpression(state.Error)) expect(state.Error).toBe(FAILURE_ERROR);
    else expect([...ESCALATION_ERRORS, ...REFUSAL_ERRORS]).toContain(state.Error);
  }
  // The names the workflow gives to outcomes itself (where it catches or chooses them) are outcome names.
  const named = all.flatMap(({ state }) => namedFailures(state));
  expect(named.length).toBeGreaterThan(0);
  for (const name of named) expect(ORDER_OUTCOME_ERRORS).toContain(name);
});

describe('the point of no return', () => {
  const byName = new Map(all.map((entry) => [entry.name, entry.state]));
  const nextOf = (state: JsonObject): string[] => [
    ...(typeof state.Next === 'string' ? [state.Next] : []),
    ...list(state.Catch).map((rule) => String(rule.Next)),
    ...list(state.Choices).map((rule) => String(rule.Next)),
    ...(typeof state.Default === 'string' ? [state.Default] : []),
  ];
  const reachableFrom = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...nextOf(byName.get(name) ?? {}));
    }
    return seen;
  };

  it('CaptureAndShip, the pivot (its Express child ends with CreateShipment), leads forward to CompleteAndAnnounce', () => {
    expect(byName.get('CreateShipment')?.End).toBe(true);
    expect(byName.get('CaptureAndShip')?.Next).toBe('CompleteAndAnnounce');
  });

  it('no state after the pivot can reach a compensation step', () => {
    const after = reachableFrom('CompleteAndAnnounce');
    const compensation = [...workflow.states.values()].filter((s) => s.compensation).map((s) => s.name);
    expect(compensation.length).toBeGreaterThan(0);
    expect([...after].filter((name) => compensation.includes(name))).toEqual([]);
    expect(after).toContain('SendCompletionToDeadLetterQueue');
  });

  it('every compensation step can still reach the dead-letter queue', () => {
    for (const step of [...workflow.states.values()].filter((s) => s.compensation)) {
      expect(reachableFrom(step.name)).toContain('SendToDeadLetterQueue');
    }
  });
});
