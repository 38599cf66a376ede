/**
 * The local API's part of redrive: RedriveExecution itself
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html), the
 * redrive fields DescribeExecution (API_DescribeExecution.html) and ListExecutions
 * (API_ListExecutions.html, API_ExecutionListItem.html) report, and ListExecutions' `redriveFilter`.
 */
import { StepFunctionsError } from '../../engine/errors';
import { redriveVerdictOf } from '../../engine/redrive';
import type { Execution, WorkflowRunner } from '../../engine/runner';
import { optionalString, requireString, type Body } from '../fields';

const epochSeconds = (date: Date) => date.getTime() / 1000;

/**
 * RedriveExecution: `{executionArn, clientToken?}` → `{redriveDate}` (epoch seconds); `clientToken`
 * is 1 to 64 printable ASCII characters (`[!-~]+`, members.ts).
 * @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist, ExecutionNotRedrivable.
 */
export function redriveExecution(runner: WorkflowRunner, body: Body): Body {
  const executionArn = requireString(body, 'executionArn');
  const clientToken = optionalString(body, 'clientToken');
  return { redriveDate: epochSeconds(runner.redriveExecution(executionArn, clientToken)) };
}

/**
 * DescribeExecution's redrive fields: `redriveCount`, `redriveDate` (once redriven),
 * `redriveStatus` and, when NOT_REDRIVABLE, `redriveStatusReason` in AWS's wording.
 */
export function describedRedrive(runner: WorkflowRunner, execution: Execution): Body {
  const { redriveStatus, redriveStatusReason } = redriveVerdictOf(execution, runner.machines);
  return {
    redriveCount: execution.redriveCount,
    ...(execution.redriveDate ? { redriveDate: epochSeconds(execution.redriveDate) } : {}),
    redriveStatus,
    ...(redriveStatusReason === undefined ? {} : { redriveStatusReason }),
  };
}

/** An ExecutionListItem's redrive fields: `redriveCount`, and `redriveDate` once redriven. */
export const listedRedrive = (execution: Execution): Body => ({
  redriveCount: execution.redriveCount,
  ...(execution.redriveDate ? { redriveDate: epochSeconds(execution.redriveDate) } : {}),
});

/**
 * ListExecutions' `redriveFilter`: REDRIVEN lists the executions redriven at least once,
 * NOT_REDRIVEN the others; absent, all. A `statusFilter` of PENDING_REDRIVE (a Map Run's child
 * status) with a `stateMachineArn` is a ValidationException (API_ListExecutions.html); another
 * value is refused with the other members (members.ts).
 * @throws StepFunctionsError ValidationException.
 */
export function redriveFilter(body: Body): (execution: Execution) => boolean {
  if (body.statusFilter === 'PENDING_REDRIVE' && body.stateMachineArn !== undefined) {
    throw new StepFunctionsError(
      'ValidationException',
      'A PENDING_REDRIVE statusFilter needs a mapRunArn: it lists the child executions of a Map Run',
    );
  }
  const filter = optionalString(body, 'redriveFilter');
  if (filter === undefined) return () => true;
  return (execution) => execution.redriveCount > 0 === (filter === 'REDRIVEN');
}
