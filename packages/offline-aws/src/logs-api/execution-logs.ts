/**
 * Step Functions' execution logging into the local CloudWatch Logs: for a state machine whose
 * `loggingConfiguration` has a level other than OFF and a log group destination, every history
 * event its level covers is written to that group as AWS writes it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html; levels:
 * https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html), Express and
 * Standard alike. One log event per history event, its message a JSON object:
 *
 *   { "id": "3", "type": "TaskStateEntered", "details": { "name": "Reserve", "input": "{…}", … },
 *     "previous_event_id": "2", "event_timestamp": "1700000000123",
 *     "execution_arn": "arn:aws:states:…:express:machine:name:uuid", "redrive_count": "0" }
 *
 * `details` is the history event's details object (absent when it has none), without the execution
 * data (input, output, parameters and their details) unless `includeExecutionData`. The log event's
 * timestamp is the history event's. Each execution writes to a stream of its own,
 * `states/<machine name>/<YYYY-MM-DD-HH>/<8 hex digits>`, the form of AWS's stream names (which
 * cw-logs.html does not document; docs/fidelity.md).
 */
import { randomUUID } from 'node:crypto';
import type { LoggingConfiguration } from '../engine/definition';
import type { HistoryEvent } from '../engine/history';
import type { LogStore } from './store';

/** The events the ERROR level logs (cloudwatch-log-level.html); FATAL logs only the execution's own failures. */
const ERROR_EVENTS = new Set([
  'ExecutionAborted',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'FailStateEntered',
  'LambdaFunctionFailed',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut',
  'MapIterationAborted',
  'MapIterationFailed',
  'MapStateAborted',
  'MapStateFailed',
  'ParallelStateAborted',
  'ParallelStateFailed',
  'TaskFailed',
  'TaskStartFailed',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskTimedOut',
  'WaitStateAborted',
]);
const FATAL_EVENTS = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);

/** Whether a machine logging at `level` writes events of `type` (cloudwatch-log-level.html's table). */
export function levelLogs(level: LoggingConfiguration['level'], type: string): boolean {
  if (level === 'ALL') return true;
  if (level === 'ERROR') return ERROR_EVENTS.has(type);
  if (level === 'FATAL') return FATAL_EVENTS.has(type);
  return false;
}

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'inputDetails', 'outputDetails']);

/** The message of the log event for one history event (the module's comment has its shape). */
export function executionLogMessage(event: HistoryEvent, executionArn: string, includeExecutionData: boolean): string {
  const { id, previousEventId, timestamp, type, ...rest } = event;
  const detailsObject = Object.values(rest)[0] as Record<string, unknown> | undefined;
  const details =
    detailsObject === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(detailsObject).filter(([key]) => includeExecutionData || !DATA_FIELDS.has(key)),
        );
  return JSON.stringify({
    id: String(id),
    type,
    ...(details === undefined ? {} : { details }),
    previous_event_id: String(previousEventId),
    event_timestamp: String(timestamp.getTime()),
    execution_arn: executionArn,
    redrive_count: '0',
  });
}

/** The group name of a destination's ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`). */
export function logGroupNameOf(logGroupArn: string): string | undefined {
  return /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(logGroupArn)?.[1];
}

/** What the writer needs of an execution: its ARN, its machine's name and logging, when it started. */
export interface LoggedExecution {
  executionArn: string;
  machineName: string;
  logging: LoggingConfiguration;
  startDate: Date;
}

/** `YYYY-MM-DD-HH` (UTC) of the execution's start: the hour part of a stream's name. */
const hour = (date: Date) => date.toISOString().slice(0, 13).replace('T', '-');

/**
 * Writes executions' history events into a LogStore, as they are recorded. A destination group
 * that does not exist is reported once per group through `print` (AWS refuses such a configuration
 * when the machine is created: docs/fidelity.md); writing never fails an execution.
 */
export class ExecutionLogWriter {
  private readonly streams = new Map<string, { group: string; stream: string }>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: LogStore,
    private readonly print: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Writes `event` of `execution` if its machine's logging covers it. */
  record(execution: LoggedExecution, event: HistoryEvent): void {
    const { logging } = execution;
    const arn = logging.destinations?.[0]?.cloudWatchLogsLogGroup.logGroupArn;
    if (arn === undefined || !levelLogs(logging.level, event.type)) return;
    const group = logGroupNameOf(arn);
    if (group === undefined || !this.store.hasGroup(group)) {
      this.report(group ?? arn, execution.machineName);
      return;
    }
    try {
      const target = this.streamOf(execution, group);
      const message = executionLogMessage(event, execution.executionArn, logging.includeExecutionData);
      const rejected = this.store.put(target.group, target.stream, [{ timestamp: event.timestamp.getTime(), message }]);
      if (Object.keys(rejected).length > 0) {
        this.print(
          `CloudWatch Logs: ${event.type} of ${execution.executionArn} was rejected (over 14 days old or 2 hours ahead)`,
        );
      }
      if (event.type.startsWith('Execution') && event.type !== 'ExecutionStarted') {
        this.streams.delete(execution.executionArn);
      }
    } catch (error) {
      this.print(`CloudWatch Logs: an event of ${execution.executionArn} was not written: ${(error as Error).message}`);
    }
  }

  private streamOf(execution: LoggedExecution, group: string): { group: string; stream: string } {
    const known = this.streams.get(execution.executionArn);
    if (known && this.store.hasGroup(known.group) && known.group === group) return known;
    const stream = `states/${execution.machineName}/${hour(execution.startDate)}/${randomUUID().slice(0, 8)}`;
    this.store.createStream(group, stream);
    const target = { group, stream };
    this.streams.set(execution.executionArn, target);
    return target;
  }

  private report(group: string, machineName: string): void {
    if (this.reported.has(group)) return;
    this.reported.add(group);
    this.print(
      `CloudWatch Logs: log group ${group} does not exist; ${machineName}'s execution events are not logged (AWS refuses this logging configuration)`,
    );
  }
}
