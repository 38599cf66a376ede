/**
 * Writes test/fixtures/aws-histories/: executions recorded on real AWS Step Functions by the
 * LocalStack project's AWS-validated tests (their *.snapshot.json files, gathered into one
 * snapshots file), turned into the two files the AWS CLI writes:
 *
 *   <name>.history.json     aws stepfunctions get-execution-history --execution-arn <arn>
 *   <name>.definition.json  aws stepfunctions describe-state-machine --state-machine-arn <arn>
 *
 * and cases.json (what each one shows, and the test it came from). The snapshots' placeholders are
 * filled (README.md there says with what), and the events of a Parallel state, which the snapshots
 * sort and strip of their ids, are put back in branch order with their ids.
 *
 *   npx tsx packages/offline-aws/scripts/aws-histories.ts <snapshots.json>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The recorded cases copied, by the name the snapshot gives them, and what each one shows. */
const CASES: Record<string, { case: string; shows: string }> = {
  'map-failed-caught': {
    case: 'base_scenarios.map_state_catch',
    shows: 'an inline Map whose iteration ends in a Fail state; the Map fails and its Catch goes on',
  },
  'map-failed-uncaught': {
    case: 'base_scenarios.map_state_catch_empty_fail',
    shows: 'a Map failing with no error name (a bare Fail state); no catcher matches, the execution fails',
  },
  'map-retried': {
    case: 'base_scenarios.map_state_retry',
    shows: 'a Map retried twice (three MapStateStarted), then failed the execution',
  },
  'map-iterations': {
    case: 'base_scenarios.map_state_break_condition',
    shows: 'Map iterations one by one: four succeed, the fifth fails, two never start',
  },
  'map-variables': {
    case: 'assign_base.base_cases[BASE_SCOPE_MAP]',
    shows: 'assignedVariables at the top level and in each Map iteration',
  },
  'distributed-map': {
    case: 'base_scenarios.map_state_config_distributed_reentrant',
    shows: 'a Distributed Map entered three times (a Choice loop), each with a map run; a Succeed state',
  },
  'distributed-map-variables': {
    case: 'assign_reference_variables.reference_in_map_state[MAP_STATE_REFERENCE_IN_ITEM_SELECTOR]',
    shows: 'a Distributed Map whose ItemSelector reads a variable',
  },
  'parallel-branches': {
    case: 'base_scenarios.parallel_state[PARALLEL_STATE]',
    shows: 'a Parallel state of three branches of one, two and three Pass states',
  },
  'parallel-variables': {
    case: 'assign_base.base_parallel_cases[BASE_SCOPE_PARALLEL]',
    shows: 'assignedVariables in each branch of a Parallel state',
  },
  'evaluation-failed': {
    case: 'assign_reference_variables.undefined_reference[BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES]',
    shows: 'a JSONata EvaluationFailed in the third of three Pass states',
  },
  'map-items-evaluation-failed': {
    case: 'base_scenarios.map_state_items_variable_sampling[number]',
    shows: 'a Map whose JSONata Items reads a variable that is not an array: EvaluationFailed, then MapStateFailed',
  },
  'fail-state': {
    case: 'base.state_fail',
    shows: 'a Fail state with Error and Cause',
  },
  'choice-fail-variables': {
    case: 'assign_base.assign_in_choice[CONDITION_FALSE]',
    shows: 'a Choice that assigns variables and goes to a Fail state',
  },
  'wait-variables': {
    case: 'assign_reference_variables.reference_assign[BASE_REFERENCE_IN_WAIT]',
    shows: 'a Wait state whose Seconds is a variable',
  },
  'wait-runtime-error': {
    case: 'wait.base_wait_seconds_path[-1]',
    shows: 'a Wait state failing with States.Runtime (a negative SecondsPath)',
  },
};

interface RecordedEvent {
  id: number | number[];
  previousEventId: number;
  type: string;
  [details: string]: unknown;
}

interface RecordedCase {
  name: string;
  source: { test: string; snapshotFile: string; recordedDate?: string };
  definition: string;
  expected: { status: string; error?: string; cause?: string; events?: RecordedEvent[] };
}

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const START = Date.parse('2024-11-04T11:02:29.000Z');
const STEP_MS = 37;

/** Values the snapshots store parsed (JSON text starting with `{`) go back to JSON text, as AWS sends them. */
const TEXT_FIELDS = new Set(['input', 'output', 'cause', 'result', 'parameters']);

function asText(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (TEXT_FIELDS.has(key) && value !== undefined && typeof value !== 'string') out[key] = JSON.stringify(value);
    else if (key === 'assignedVariables' && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, v]) => [name, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    } else if (key === 'roleArn') out[key] = `arn:aws:iam::${ACCOUNT}:role/StepFunctionsExecutionRole`;
    else if (key === 'mapRunArn')
      out[key] = `arn:aws:states:${REGION}:${ACCOUNT}:mapRun:${details.mapRunArn as string}`;
    else out[key] = value;
  }
  return out;
}

type Definition = {
  States?: Record<string, { Type?: string; Next?: string; Branches?: Definition[] }>;
  StartAt?: string;
};

/** The states of a branch in the order they run (StartAt, then each Next). */
function chain(branch: Definition): string[] {
  const names: string[] = [];
  for (let name = branch.StartAt; name && !names.includes(name); name = branch.States?.[name]?.Next) names.push(name);
  return names;
}

function findParallel(definition: Definition, name: string): Definition[] | undefined {
  for (const [stateName, state] of Object.entries(definition.States ?? {})) {
    if (stateName === name && state.Branches) return state.Branches;
    for (const branch of state.Branches ?? []) {
      const found = findParallel(branch, name);
      if (found) return found;
    }
  }
  return undefined;
}

const stateName = (event: RecordedEvent) =>
  ((event.stateEnteredEventDetails ?? event.stateExitedEventDetails) as { name?: string } | undefined)?.name;

/**
 * Puts a Parallel state's events back in order: each branch's states in definition order (entered,
 * then exited), chained by previousEventId, and ParallelStateSucceeded, which the gap in the ids
 * before ParallelStateExited shows. @throws Error when the events do not fit that shape.
 */
function restoreParallel(events: RecordedEvent[], definition: Definition): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RecordedEvent;
    out.push(event);
    if (event.type !== 'ParallelStateStarted') continue;
    const entered = [...out].reverse().find((e) => e.type === 'ParallelStateEntered');
    const branches = findParallel(definition, stateName(entered as RecordedEvent) ?? '') ?? [];
    const inner: RecordedEvent[] = [];
    while (Array.isArray(events[i + 1]?.id)) inner.push(events[++i] as RecordedEvent);
    const exit = events[i + 1];
    if (!exit || exit.type !== 'ParallelStateExited' || typeof exit.id !== 'number') {
      throw new Error('A Parallel state whose events cannot be put back in order');
    }
    let id = event.id as number;
    for (const branch of branches) {
      let previous = event.id as number;
      for (const name of chain(branch)) {
        for (const suffix of ['Entered', 'Exited']) {
          const found = inner.findIndex((e) => stateName(e) === name && e.type.endsWith(`State${suffix}`));
          if (found < 0) continue;
          const [moved] = inner.splice(found, 1) as [RecordedEvent];
          out.push({ ...moved, id: ++id, previousEventId: previous });
          previous = id;
        }
      }
    }
    if (inner.length > 0 || id + 2 !== exit.id)
      throw new Error('A Parallel state whose events do not fit its branches');
    out.push({ id: id + 1, previousEventId: id, type: 'ParallelStateSucceeded' });
    events[i + 1] = { ...exit, previousEventId: id };
  }
  return out;
}

function historyFile(recorded: RecordedCase): { events: unknown[] } {
  const definition = JSON.parse(recorded.definition) as Definition;
  const events = restoreParallel(recorded.expected.events ?? [], definition);
  let at = START;
  const seconds = (event: RecordedEvent) => {
    const name = stateName(event);
    const wait = name === undefined ? undefined : findState(definition, name);
    return event.type === 'WaitStateExited' && typeof wait?.Seconds === 'number' ? wait.Seconds * 1000 : 0;
  };
  return {
    events: events.map((event, index) => {
      at += index === 0 ? 0 : STEP_MS + seconds(event);
      const { id, previousEventId, type, ...rest } = event;
      const details = Object.fromEntries(
        Object.entries(rest).map(([key, value]) => [key, asText(value as Record<string, unknown>)]),
      );
      // The AWS CLI's order and form: ISO timestamps with microseconds and an offset.
      return {
        timestamp: new Date(at).toISOString().replace('Z', '000+00:00'),
        type,
        id,
        previousEventId,
        ...details,
      };
    }),
  };
}

function findState(definition: Definition, name: string): { Seconds?: unknown } | undefined {
  for (const [stateName, state] of Object.entries(definition.States ?? {})) {
    if (stateName === name) return state as { Seconds?: unknown };
    const nested = [...(state.Branches ?? []), (state as { ItemProcessor?: Definition }).ItemProcessor ?? {}];
    for (const branch of nested) {
      const found = findState(branch, name);
      if (found) return found;
    }
  }
  return undefined;
}

function describeFile(name: string, recorded: RecordedCase) {
  return {
    stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`,
    name,
    status: 'ACTIVE',
    definition: recorded.definition,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/StepFunctionsExecutionRole`,
    type: 'STANDARD',
    creationDate: new Date(START - 60_000).toISOString().replace('Z', '000+00:00'),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

function main(): void {
  const [snapshotsPath] = process.argv.slice(2);
  if (!snapshotsPath) throw new Error('usage: aws-histories.ts <snapshots.json>');
  const snapshots = JSON.parse(readFileSync(snapshotsPath, 'utf8')) as {
    source: { repository: string; commit: string };
    cases: RecordedCase[];
  };
  const out = join(import.meta.dirname, '..', 'test', 'fixtures', 'aws-histories');
  mkdirSync(out, { recursive: true });
  const index: Record<string, unknown> = {};
  for (const [name, { case: caseName, shows }] of Object.entries(CASES)) {
    const recorded = snapshots.cases.find((c) => c.name === caseName);
    if (!recorded?.expected.events) throw new Error(`${caseName}: not in the snapshots, or without a history`);
    const write = (file: string, value: unknown) =>
      writeFileSync(join(out, file), `${JSON.stringify(value, null, 2)}\n`);
    write(`${name}.history.json`, historyFile(recorded));
    write(`${name}.definition.json`, describeFile(name, recorded));
    index[name] = {
      shows,
      status: recorded.expected.status,
      ...(recorded.expected.error === undefined ? {} : { error: recorded.expected.error }),
      case: caseName,
      test: recorded.source.test,
      snapshotFile: recorded.source.snapshotFile,
    };
  }
  writeFileSync(join(out, 'cases.json'), `${JSON.stringify({ source: snapshots.source, cases: index }, null, 2)}\n`);
  console.log(`wrote ${Object.keys(CASES).length} executions to ${out}`);
}

main();
