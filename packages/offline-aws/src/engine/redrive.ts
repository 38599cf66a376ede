/**
 * Whether an execution can be redriven, and RedriveExecution's client tokens
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): a STANDARD
 * execution that FAILED, TIMED_OUT or was ABORTED less than 14 days ago, redriven fewer than 1,000
 * times, whose history has room for more events. DescribeExecution reports the same verdict as
 * `redriveStatus` and `redriveStatusReason`
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html).
 */
import { StepFunctionsError } from './errors';
import type { Execution } from './execution';
import type { StateMachineRegistry } from './machines';

export type RedriveStatus = 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';

/** "Redrive your execution within 14 days of its completion" (redrive-executions.html). */
export const REDRIVABLE_PERIOD_MS = 14 * 24 * 60 * 60 * 1000;
/** The hard quota of redrives of one execution (redrive-executions.html). */
export const MAX_REDRIVES = 1000;
/** An execution's history holds at most 25,000 events (service quotas); a redrive needs room for more. */
export const MAX_HISTORY_EVENTS = 25_000;

/** What DescribeExecution reports: the status, and the reason in AWS's wording when NOT_REDRIVABLE. */
export interface RedriveVerdict {
  redriveStatus: RedriveStatus;
  redriveStatusReason?: string;
}

/**
 * Whether `execution` can be redriven at `now`, with AWS's reasons (API_DescribeExecution.html,
 * `redriveStatusReason`): "Execution is RUNNING and cannot be redriven", "Execution is SUCCEEDED and
 * cannot be redriven", "State machine is in DELETING status", "Execution history event limit
 * exceeded", "Execution redrivable period exceeded".
 */
export function redriveVerdict(
  execution: Pick<Execution, 'status' | 'type' | 'stopDate' | 'redriveCount' | 'history'> & {
    machineStatus?: string;
  },
  now = new Date(),
): RedriveVerdict {
  const not = (redriveStatusReason: string): RedriveVerdict => ({
    redriveStatus: 'NOT_REDRIVABLE',
    redriveStatusReason,
  });
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED') {
    return not(`Execution is ${execution.status} and cannot be redriven`);
  }
  // Not one of AWS's listed reasons: an EXPRESS execution is not redriven by RedriveExecution.
  if (execution.type === 'EXPRESS') return not('Execution is of type EXPRESS and cannot be redriven');
  if (execution.machineStatus === 'DELETING') return not('State machine is in DELETING status');
  if (execution.history.events.length >= MAX_HISTORY_EVENTS - 1) return not('Execution history event limit exceeded');
  if (execution.stopDate && now.getTime() - execution.stopDate.getTime() > REDRIVABLE_PERIOD_MS) {
    return not('Execution redrivable period exceeded');
  }
  // Not one of AWS's listed reasons: the redrive quota (redrive-executions.html) names none.
  if (execution.redriveCount >= MAX_REDRIVES) return not('Execution has been redriven the maximum number of times');
  return { redriveStatus: 'REDRIVABLE' };
}

/** `redriveVerdict` of `execution` now, its state machine's status read in `machines`. */
export function redriveVerdictOf(execution: Execution, machines: Pick<StateMachineRegistry, 'list'>): RedriveVerdict {
  const { status, type, stopDate, redriveCount, history } = execution;
  // Not one of AWS's reasons (offline only): an execution restored from `--data` (engine/journal.ts)
  // has its history, not the interpreter's state a redrive continues from.
  if ((execution as { restored?: boolean }).restored === true && status !== 'RUNNING' && status !== 'SUCCEEDED') {
    return {
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution was restored from the local data directory and cannot be redriven offline',
    };
  }
  const machine = machines.list().find((m) => m.stateMachineArn === execution.stateMachineArn);
  // A machine deleted since (DeleteStateMachine once its executions ended) is past DELETING: its
  // executions go with it on AWS, none is redriven.
  return redriveVerdict({
    status,
    type,
    stopDate,
    redriveCount,
    history,
    machineStatus: machine?.status ?? 'DELETING',
  });
}

/** @throws StepFunctionsError ExecutionNotRedrivable with the reason, when the verdict is NOT_REDRIVABLE. */
export function assertRedrivable(verdict: RedriveVerdict): void {
  if (verdict.redriveStatus !== 'REDRIVABLE') {
    throw new StepFunctionsError(
      'ExecutionNotRedrivable',
      verdict.redriveStatusReason ?? 'Execution cannot be redriven',
    );
  }
}

/** Client tokens are honoured for 15 minutes after their first use (API_RedriveExecution.html). */
export const CLIENT_TOKEN_TTL_MS = 15 * 60 * 1000;
/** The last 10 client tokens of an execution's successful redrives get idempotent answers. */
export const CLIENT_TOKENS_KEPT = 10;

/**
 * The client tokens of one execution's successful redrives: a RedriveExecution repeating one of the
 * last 10, within 15 minutes of its first use, gets that redrive's answer and redrives nothing.
 */
export class RedriveTokens {
  private readonly used: { token: string; redriveDate: Date; firstUsed: number }[] = [];

  /** The redrive date `token` got, if it is still honoured at `now` (ms since the epoch). */
  replay(token: string | undefined, now = Date.now()): Date | undefined {
    if (token === undefined) return undefined;
    const found = this.used.find((entry) => entry.token === token);
    return found && now - found.firstUsed <= CLIENT_TOKEN_TTL_MS ? found.redriveDate : undefined;
  }

  /** A redrive with `token` succeeded at `redriveDate`. */
  remember(token: string | undefined, redriveDate: Date): void {
    if (token === undefined) return;
    this.used.push({ token, redriveDate, firstUsed: redriveDate.getTime() });
    if (this.used.length > CLIENT_TOKENS_KEPT) this.used.shift();
  }
}
