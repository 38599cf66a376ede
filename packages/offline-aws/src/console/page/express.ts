/**
 * Express executions in the console. AWS answers neither DescribeExecution nor GetExecutionHistory
 * for them ("not supported by EXPRESS state machines"): their run is in the CloudWatch Logs log
 * group their state machine's `loggingConfiguration` names
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html), which is where this reads
 * it, one execution's events by a `{ $.execution_arn = "<arn>" }` filter, rebuilt into the history
 * the rest of the page reads (model/log-history.ts).
 */
import type { HistoryEvent } from '../model/history';
import { historiesFromLogEvents, historyFromLogEvents } from '../model/log-history';
import { logs, sfn, type ExecutionListItem } from './aws';

/** Whether an execution ARN is an Express execution's (`arn:aws:states:<region>:<account>:express:…`). */
export const isExpressExecution = (executionArn: string): boolean => executionArn.split(':')[5] === 'express';

/** The state machine of an Express execution: `…:express:<machine>:<name>:<id>` → `…:stateMachine:<machine>`. */
export function expressMachineArn(executionArn: string): string {
  const parts = executionArn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6] ?? ''].join(':');
}

interface MachineDescription {
  name: string;
  definition: string;
  loggingConfiguration?: {
    level?: string;
    destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
  };
}

/** The machine's definition and its log group's name. @throws Error when it logs to no group. */
async function loggedMachine(stateMachineArn: string): Promise<{ definition: string; group: string; level: string }> {
  const machine = await sfn<MachineDescription>('DescribeStateMachine', { stateMachineArn });
  const { level = 'OFF', destinations = [] } = machine.loggingConfiguration ?? {};
  const groupArn = destinations[0]?.cloudWatchLogsLogGroup?.logGroupArn ?? '';
  const group = /:log-group:([^:]+)/.exec(groupArn)?.[1];
  if (level === 'OFF' || group === undefined) {
    throw new Error(
      `${machine.name} is an Express state machine that logs nothing: its executions are visible only through CloudWatch Logs (give it a loggingConfiguration with a log group, level ALL)`,
    );
  }
  return { definition: machine.definition, group, level };
}

/** Every log event of `group` a filter pattern matches (all pages). */
async function filtered(group: string, filterPattern?: string): Promise<{ message?: string }[]> {
  const messages: { message?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs<{ events?: { message?: string }[]; nextToken?: string }>('FilterLogEvents', {
      logGroupName: group,
      ...(filterPattern ? { filterPattern } : {}),
      ...(nextToken ? { nextToken } : {}),
    });
    messages.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return messages;
}

/**
 * The definition and the history of an Express execution, from its machine's log group.
 * @throws Error when the machine logs to no group, or the group holds no event of the execution.
 */
export async function expressExecution(executionArn: string): Promise<{ definition: string; events: HistoryEvent[] }> {
  const { definition, group, level } = await loggedMachine(expressMachineArn(executionArn));
  const events = historyFromLogEvents(await filtered(group, `{ $.execution_arn = "${executionArn}" }`), executionArn);
  if (events.length === 0) throw new Error(`${group} holds no log event of this execution (level ${level})`);
  return { definition, events };
}

/**
 * An Express machine's executions found in its log group, most recent first, each with its history
 * (ListExecutions does not serve Express machines). At a level other than ALL only the executions
 * that logged something are there, with what they logged.
 */
export async function expressExecutions(
  stateMachineArn: string,
): Promise<{ item: ExecutionListItem; events: HistoryEvent[] }[]> {
  const { group } = await loggedMachine(stateMachineArn);
  const histories = historiesFromLogEvents(await filtered(group));
  return [...histories]
    .filter(([executionArn]) => isExpressExecution(executionArn) && expressMachineArn(executionArn) === stateMachineArn)
    .map(([executionArn, events]) => {
      const first = Number(events[0]?.timestamp ?? 0);
      const item: ExecutionListItem = {
        executionArn,
        name: executionArn.split(':')[7] ?? executionArn,
        status: 'RUNNING',
        startDate: first,
      };
      return { item, events };
    })
    .reverse();
}
