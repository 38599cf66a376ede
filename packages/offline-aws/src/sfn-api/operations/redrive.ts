/**
 * The local API's part of redrive: RedriveExecution itself
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html), the
 * redrive fields DescribeExecution (API_DescribeExecution.html) and ListExecutions
 * (API_ListExecutions.html, API_ExecutionListItem.html) report, and ListExecutions' `redriveFilter`.
 */
import { StepFunctionsError } from '../../engine/errors';
import { redriveVerdictOf } from '../../engine/redrive';
import type { Execution, WorkflowRunner } from '../../engine/runner';
import { validation } from '../configuration';
import { optionalString, requireString, type Body } from '../fields';

const epochSeconds = (date: Date) => date.getTime() / 1000;

/** RedriveExecution's `clientToken`: 1 to 64 printable ASCII characters (`[!-~]+`). */
const CLIENT_TOKEN = /^[!-~]{1,64}$/;

/**
 * RedriveExecution: `{executionArn, clientToken?}` → `{redriveDate}` (epoch seconds).
 * @throws StepFunctionsError ValidationException (clientToken), InvalidArn, ExecutionDoesNotExist,
 *   ExecutionNotRedrivable.
 */
export function redriveExecution(runner: WorkflowRunner, body: Body): Body {
  const executionArn = requireString(body, 'executionArn');
  const clientToken = optionalString(body, 'clientToken');
  if (clientToken !== undefined && !CLIENT_TOKEN.test(clientToken)) {
    throw validation('clientToken', 'Member must satisfy regular expression pattern: [!-~]+ and length 1-64');
  }
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

const FILTERS = ['REDRIVEN', 'NOT_REDRIVEN'];

/**
 * ListExecutions' `redriveFilter`: REDRIVEN lists the executions redriven at least once,
 * NOT_REDRIVEN the others; absent, all. A `statusFilter` of PENDING_REDRIVE (a Map Run's child
 * status) with a `stateMachineArn` is a ValidationException (API_ListExecutions.html).
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
  if (!FILTERS.includes(filter)) {
    throw validation('redriveFilter', `Member must satisfy enum value set: [${FILTERS.join(', ')}]`);
  }
  return (execution) => execution.redriveCount > 0 === (filter === 'REDRIVEN');
}
