/**
 * The console's model over executions recorded on real AWS (packages/offline-aws/test/fixtures/
 * aws-histories/, in the AWS CLI's files): each state's status, attempts, iterations, map runs,
 * variables and errors as AWS's history says them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDefinition, readDefinitionFile, type DefinitionGraph } from 'offline-aws/console/model/definition';
import { readExecution, readHistoryFile, type ExecutionView } from 'offline-aws/console/model/history';
import { failingState, stateOutcomes, type StateOutcome } from 'offline-aws/console/model/outcome';

const DIR = join(__dirname, '..', '..', '..', 'packages', 'offline-aws', 'test', 'fixtures', 'aws-histories');
const read = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const index = read('cases.json') as { cases: Record<string, { status: string; error?: string }> };

interface Opened {
  graph: DefinitionGraph;
  execution: ExecutionView;
  outcomes: Map<string, StateOutcome>;
}

function open(name: string): Opened {
  const graph = readDefinition(
    readDefinitionFile(readFileSync(join(DIR, `${name}.definition.json`), 'utf8')).definition,
  );
  const execution = readExecution(readHistoryFile(read(`${name}.history.json`)), graph);
  return { graph, execution, outcomes: stateOutcomes(graph, execution) };
}

const status = (opened: Opened, state: string) => opened.outcomes.get(state)?.status;

describe.each(Object.entries(index.cases))('the recorded execution %s', (name, expected) => {
  const opened = open(name);
  const { execution, graph } = opened;

  it('ends as AWS said', () => {
    expect(execution.status).toBe(expected.status);
    expect(execution.error).toBe(expected.error);
  });

  it('leaves no attempt, iteration or map run running once it has ended', () => {
    for (const run of execution.runs) {
      expect(run.attempts.filter((a) => a.outcome === 'running')).toEqual([]);
      expect(run.iterations.filter((i) => i.status === 'running')).toEqual([]);
      expect(run.mapRuns.filter((m) => m.status === 'running')).toEqual([]);
    }
    expect([...opened.outcomes.values()].filter((o) => ['running', 'stopped'].includes(o.status))).toEqual([]);
  });

  it('reads every event of a state as that state’s, and places a failure on a state', () => {
    const owned = execution.runs.reduce((sum, run) => sum + run.events.length, 0);
    const stateless = execution.events.filter((e) => e.type.startsWith('Execution')).length;
    expect(owned + stateless).toBe(execution.events.length);
    if (execution.status === 'FAILED') expect(graph.states.has(failingState(graph, execution) ?? '')).toBe(true);
  });
});

describe('a Map that fails', () => {
  it('is caught: the Map reads "failed, caught" with the error of its iteration’s Fail state', () => {
    const opened = open('map-failed-caught');
    expect(opened.outcomes.get('MapState')).toMatchObject({ status: 'caught', error: 'HandleItemFailError' });
    expect(opened.outcomes.get('MapState')?.cause).toBe('HandleItemFailCause');
    expect(status(opened, 'HandleItemFail')).toBe('failed');
    expect(status(opened, 'FinalCaught')).toBe('succeeded');
    expect(status(opened, 'Final')).toBe('notRun');
    expect(opened.execution.taken).toContain('MapState->FinalCaught');
  });

  it('is not caught: the Map and its Fail state read "failed", and the banner points inside the Map', () => {
    const opened = open('map-failed-uncaught');
    expect(status(opened, 'MapState')).toBe('failed');
    expect(status(opened, 'HandleItemFail')).toBe('failed');
    expect(['CaughtInternalError', 'CaughtStatesALL', 'CaughtNone'].map((s) => status(opened, s))).toEqual([
      'notRun',
      'notRun',
      'notRun',
    ]);
    expect(failingState(opened.graph, opened.execution)).toBe('HandleItemFail');
  });

  it('is retried: one attempt per MapStateStarted, each closed, with the backoff between', () => {
    const opened = open('map-retried');
    const [run] = opened.execution.byState.get('MapState') ?? [];
    expect(run?.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([
      [1, 'failed', 'HandleItemFailError'],
      [2, 'failed', 'HandleItemFailError'],
      [3, 'failed', 'HandleItemFailError'],
    ]);
    expect(run?.attempts.slice(1).every((a) => (a.backoffMs ?? -1) >= 0)).toBe(true);
    expect(run?.iterations.map((i) => `${i.attempt}:${i.index}:${i.status}`)).toEqual([
      '1:0:failed',
      '2:0:failed',
      '3:0:failed',
    ]);
    expect(opened.outcomes.get('MapState')).toMatchObject({
      status: 'failed',
      retries: 2,
      error: 'HandleItemFailError',
    });
  });
});

describe('Map iterations', () => {
  it('are read one by one, with the states each ran, and the items never started', () => {
    const opened = open('map-iterations');
    const [map] = opened.execution.byState.get('MapState') ?? [];
    expect(map?.attempts[0]?.items).toBe(7);
    expect(map?.iterations.map((i) => `${i.index}:${i.status}`)).toEqual([
      '0:succeeded',
      '1:succeeded',
      '2:succeeded',
      '3:succeeded',
      '4:failed',
    ]);
    const inFifth = opened.execution.runs.filter((r) => r.frames.at(-1)?.index === 4).map((r) => r.name);
    expect(inFifth).toEqual(['Equals3', 'Break']);
    expect(opened.outcomes.get('Break')).toMatchObject({ status: 'failed', error: 'SomeFailure' });
    expect(status(opened, 'Pass')).toBe('succeeded');
    expect(opened.outcomes.get('MapState')).toMatchObject({ status: 'failed', error: 'SomeFailure' });
  });
});

describe('variables', () => {
  it('are the assignedVariables of each entry’s exit, in Map iterations too', () => {
    const { execution } = open('map-variables');
    expect(execution.byState.get('State0')?.[0]?.variables).toEqual({ items: '[1,2,3]', x: '42' });
    expect(execution.byState.get('Inner')?.map((r) => [r.frames[0]?.index, r.variables])).toEqual([
      [0, { innerX: '42' }],
      [1, { innerX: '42' }],
      [2, { innerX: '42' }],
    ]);
    expect(execution.byState.get('State1')?.[0]?.variables).toBeUndefined();
  });

  it('are read in each branch of a Parallel state', () => {
    const { execution } = open('parallel-variables');
    for (const branch of ['Branch1', 'Branch21', 'Branch31']) {
      expect(execution.byState.get(branch)?.[0]?.variables).toEqual({ innerX: '42', value: '{}' });
    }
  });
});

describe('a Distributed Map', () => {
  it('reads its map runs, and its item processor as run in them (not "not run")', () => {
    const opened = open('distributed-map');
    const runs = opened.execution.byState.get('IterationBody') ?? [];
    expect(runs.map((r) => r.mapRuns.map((m) => m.status))).toEqual([['succeeded'], ['succeeded'], ['succeeded']]);
    expect(runs[0]?.mapRuns[0]?.mapRunArn).toMatch(/:mapRun:/);
    expect(status(opened, 'IterationBody')).toBe('succeeded');
    expect(status(opened, 'ProcessValue')).toBe('inMapRun');
    expect(status(opened, 'Terminate')).toBe('succeeded');
    expect(opened.execution.taken).toContain('CheckIteration->BeforeIteration');
  });
});

describe('errors land on the state that raised them', () => {
  it('an EvaluationFailed on the state it names, with the field', () => {
    const opened = open('evaluation-failed');
    const [run] = opened.execution.byState.get('State2') ?? [];
    expect(run?.errorLocation).toBe('Output/result');
    expect(opened.outcomes.get('State2')).toMatchObject({ status: 'failed', error: 'States.QueryEvaluationError' });
    expect(status(opened, 'State1')).toBe('succeeded');
    expect(failingState(opened.graph, opened.execution)).toBe('State2');
  });

  it('an EvaluationFailed of a Map’s Items on the Map, whose item processor never ran', () => {
    const opened = open('map-items-evaluation-failed');
    expect(opened.outcomes.get('MapIterateState')).toMatchObject({ status: 'failed' });
    expect(opened.outcomes.get('MapIterateState')?.cause).toMatch(/'Items'/);
    expect(status(opened, 'Pass')).toBe('notRun');
    expect(status(opened, 'Start')).toBe('succeeded');
  });

  it('a Fail state with its Error and Cause', () => {
    const opened = open('fail-state');
    expect(opened.outcomes.get('FailState')).toMatchObject({
      status: 'failed',
      error: 'SomeFailure',
      cause: "This state machines raises a 'SomeFailure' failure.",
    });
  });

  it('a Wait state’s runtime error on the Wait state (the event before ExecutionFailed)', () => {
    const opened = open('wait-runtime-error');
    expect(opened.outcomes.get('WaitState')).toMatchObject({ status: 'failed', error: 'States.Runtime' });
    expect(failingState(opened.graph, opened.execution)).toBe('WaitState');
  });
});

describe('a Parallel state', () => {
  it('reads each branch’s states in their order', () => {
    const opened = open('parallel-branches');
    expect(opened.graph.scopes.filter((s) => s.owner === 'ParallelState').map((s) => s.startAt)).toEqual([
      'Branch1',
      'Branch21',
      'Branch31',
    ]);
    expect([...opened.outcomes.values()].every((o) => o.status === 'succeeded')).toBe(true);
    expect(opened.execution.taken).toContain('Branch32->Branch33');
  });
});
