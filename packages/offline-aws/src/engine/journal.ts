/**
 * The executions' records and histories kept on disk (`npm start -- --data <dir>`), so a restart
 * finds them as DescribeExecution, ListExecutions and GetExecutionHistory answered before it (the
 * console shows them too). Standard executions only: an Express execution has no record on AWS
 * either, its run is in its log group.
 *
 * The journal is rewritten whole (to a temporary file, then renamed: never half-written) a moment
 * after an execution starts or ends, and at stop. An execution still RUNNING in it — the process
 * ended without stopping it (a crash, a kill) — is recorded ABORTED at the next start, as
 * StopExecution would have left it (ExecutionAborted, error `States.Runtime`, the cause saying
 * why), and its status-change event is published then, so the rules serverless.yml declares (a
 * reconciler) handle it as any other ABORTED execution. Restored executions are ended: they are
 * read, not run again (RedriveExecution of one is refused: ExecutionNotRedrivable, offline only).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Json } from '../serverless/config';
import { ExecutionRecord, type Execution, type ExecutionStatus } from './execution';
import { ExecutionHistory, type HistoryEvent, type Recorded } from './history';
import type { WorkflowRunner } from './runner';

interface JournalEntry {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: Json;
  status: ExecutionStatus;
  output?: Json;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  redriveCount: number;
  /** The history, each event with its timestamp as ISO 8601 text, and the state and error it belongs to. */
  records: (Omit<Recorded, 'event'> & { event: Omit<HistoryEvent, 'timestamp'> & { timestamp: string } })[];
}

const VERSION = 1;
/** Why an execution found RUNNING in the journal ends ABORTED at the next start. */
export const STOPPED_WITH_THE_PROCESS =
  'The local stack stopped while the execution was running; it was recorded ABORTED at the next start.';

function entryOf(execution: Execution): JournalEntry {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    input: execution.input,
    status: execution.status,
    ...(execution.output === undefined ? {} : { output: execution.output }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    startDate: execution.startDate.toISOString(),
    ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate.toISOString() }),
    redriveCount: execution.redriveCount,
    records: execution.history.records.map((r) => ({
      ...r,
      event: { ...r.event, timestamp: r.event.timestamp.toISOString() },
    })),
  };
}

/** The journal's file in a data directory (`--data`). */
export const JOURNAL_FILE = 'executions.json';

/**
 * Checks that `<directory>/executions.json`, if there is one, is a journal this runtime reads,
 * without reading it into anything (before a start creates anything in the directory).
 * @throws Error naming the file when it is not a journal (not JSON, or another version)
 */
export function checkJournalFile(directory: string): void {
  const file = join(directory, JOURNAL_FILE);
  if (existsSync(file)) readEntries(file);
}

/** The entries of a journal file. @throws Error naming the file when it is not a journal. */
function readEntries(file: string): JournalEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not an execution journal (${(error as Error).message}): move it away to start afresh`, {
      cause: error,
    });
  }
  const journal = value as { version?: unknown; executions?: unknown } | null;
  if (journal?.version !== VERSION || !Array.isArray(journal.executions)) {
    throw new Error(`${file} is not an execution journal of version ${VERSION}: move it away to start afresh`);
  }
  return journal.executions as JournalEntry[];
}

/** An execution as the journal kept it; one still RUNNING is ended ABORTED now. */
function recordOf(runner: WorkflowRunner, entry: JournalEntry): { record: ExecutionRecord; endedNow: boolean } {
  const machine = runner.machines.get(entry.stateMachineArn);
  const history = new ExecutionHistory(machine.workflow.states);
  history.restore(
    entry.records.map((r) => ({ ...r, event: { ...r.event, timestamp: new Date(r.event.timestamp) } as HistoryEvent })),
  );
  const record = new ExecutionRecord(entry.executionArn, machine, entry.name, entry.input, history);
  Object.assign(record, {
    startDate: new Date(entry.startDate),
    status: entry.status,
    output: entry.output,
    error: entry.error,
    cause: entry.cause,
    stopDate: entry.stopDate === undefined ? undefined : new Date(entry.stopDate),
    redriveCount: entry.redriveCount,
    restored: true,
  });
  const endedNow = record.status === 'RUNNING';
  if (endedNow) {
    const error = 'States.Runtime';
    history.append('ExecutionAborted', { error, cause: STOPPED_WITH_THE_PROCESS }, history.lastId);
    Object.assign(record, { status: 'ABORTED', error, cause: STOPPED_WITH_THE_PROCESS, stopDate: new Date() });
  }
  record.completion = Promise.resolve(record);
  return { record, endedNow };
}

export interface ExecutionJournal {
  /** Writes the journal now (at stop). */
  flush(): void;
  stop(): void;
}

/**
 * Restores the executions `file` holds into `runner`, then keeps the file current.
 * Entries of state machines the project no longer declares are left out (and dropped at the next write).
 * @param print told of what was restored and of write failures.
 * @throws Error naming the file when it is not a journal (nothing is started then).
 */
export function keepJournal(runner: WorkflowRunner, file: string, print: (line: string) => void): ExecutionJournal {
  const entries = existsSync(file) ? readEntries(file) : [];
  let restored = 0;
  const aborted: string[] = [];
  for (const entry of entries) {
    try {
      const { record, endedNow } = recordOf(runner, entry);
      runner.adopt(record, endedNow);
      restored += 1;
      if (endedNow) aborted.push(entry.name);
    } catch {
      // Its state machine is gone from serverless.yml: nothing can show it against a definition.
    }
  }
  if (restored > 0) {
    print(
      `[data] ${restored} executions restored from ${file}` +
        (aborted.length > 0 ? `; running when the stack stopped, now ABORTED: ${aborted.join(', ')}` : ''),
    );
  }
  const write = () => {
    try {
      const executions = runner
        .listExecutions()
        .filter((e) => e.type === 'STANDARD')
        .map(entryOf);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify({ version: VERSION, executions }));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      print(`[data] could not write ${file}: ${(error as Error).message}`);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      write();
    }, 200);
  };
  const offEvent = runner.onEvent((event) => {
    if (event.type === 'ExecutionEnded') soon();
  });
  const offHistory = runner.onHistoryEvent((_execution, _machine, event) => {
    if (event.type === 'ExecutionStarted' || event.type === 'ExecutionRedriven') soon();
  });
  if (aborted.length > 0) soon();
  return {
    flush() {
      clearTimeout(timer);
      timer = undefined;
      write();
    },
    stop() {
      clearTimeout(timer);
      offEvent();
      offHistory();
    },
  };
}
