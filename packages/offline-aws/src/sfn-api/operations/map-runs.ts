/**
 * A Distributed Map's Map Runs and their child workflow executions through the API:
 * DescribeMapRun (API_DescribeMapRun.html), ListMapRuns (API_ListMapRuns.html), ListExecutions with
 * `mapRunArn` (API_ListExecutions.html), and DescribeExecution / GetExecutionHistory of a child
 * execution (its own history: ExecutionStarted … ExecutionSucceeded/Failed/Aborted).
 */
import type { MapRunChildExecution, MapRunRecord } from '../../engine/distributed/map-run-record';
import { StepFunctionsError } from '../../engine/errors';
import type { HistoryEvent } from '../../engine/history';
import type { WorkflowRunner } from '../../engine/runner';
import { validation } from '../configuration';
import { optionalString, page, requireString, type Body } from '../fields';

const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
const MAP_RUN_ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:mapRun:[^:]+\/[^:]+:[^:]+$/;

function mapRunOf(runner: WorkflowRunner, mapRunArn: string): MapRunRecord {
  if (!MAP_RUN_ARN.test(mapRunArn)) {
    throw new StepFunctionsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${mapRunArn}'`);
  }
  const run = runner.mapRuns.get(mapRunArn);
  if (!run) throw new StepFunctionsError('ResourceNotFound', `Resource not found: '${mapRunArn}'`);
  return run;
}

/** MapRunItemCounts / MapRunExecutionCounts: each child is one item (a batch counts as one execution). */
function counts(children: MapRunChildExecution[]): Body {
  const of = (status: MapRunChildExecution['status']) => children.filter((child) => child.status === status).length;
  return {
    pending: 0,
    running: of('RUNNING'),
    succeeded: of('SUCCEEDED'),
    failed: of('FAILED'),
    timedOut: 0,
    aborted: of('ABORTED'),
    total: children.length,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}

/** DescribeMapRun. @throws StepFunctionsError InvalidArn, ResourceNotFound. */
export function describeMapRun(runner: WorkflowRunner, body: Body): Body {
  const run = mapRunOf(runner, requireString(body, 'mapRunArn'));
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: epochSeconds(run.startDate),
    ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: counts(run.children),
    executionCounts: counts(run.children),
    redriveCount: run.redriveCount,
    ...(run.redriveDate ? { redriveDate: epochSeconds(run.redriveDate) } : {}),
  };
}

/** ListMapRuns: the Map Runs an execution started. @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist, InvalidToken. */
export function listMapRuns(runner: WorkflowRunner, body: Body): Body {
  const execution = runner.getExecution(requireString(body, 'executionArn'));
  const { items, nextToken } = page(runner.mapRuns.ofExecution(execution.executionArn), body, 'mapRuns');
  return {
    mapRuns: items.map((run) => ({
      executionArn: run.executionArn,
      mapRunArn: run.mapRunArn,
      stateMachineArn: run.stateMachineArn,
      startDate: epochSeconds(run.startDate),
      ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}),
    })),
    nextToken,
  };
}

/**
 * ListExecutions with `mapRunArn` (and not `stateMachineArn`): the Map Run's child executions, most
 * recent first. @throws StepFunctionsError ValidationException (both given), InvalidArn, ResourceNotFound.
 */
export function listMapRunExecutions(runner: WorkflowRunner, body: Body): Body {
  if (body.stateMachineArn !== undefined) {
    throw validation('mapRunArn', 'Only one of stateMachineArn and mapRunArn may be given');
  }
  const run = mapRunOf(runner, requireString(body, 'mapRunArn'));
  const statusFilter = optionalString(body, 'statusFilter');
  const children = run.children
    .filter((child) => statusFilter === undefined || child.status === statusFilter)
    .reverse();
  const { items, nextToken } = page(children, body, 'executions');
  return {
    executions: items.map((child) => ({
      executionArn: child.executionArn,
      stateMachineArn: child.stateMachineArn,
      mapRunArn: child.mapRunArn,
      name: child.name,
      status: child.status,
      startDate: epochSeconds(child.startDate),
      ...(child.stopDate ? { stopDate: epochSeconds(child.stopDate) } : {}),
    })),
    nextToken,
  };
}

/** DescribeExecution of a Map Run's child execution, or undefined when `executionArn` is not one. */
export function describeMapRunChild(runner: WorkflowRunner, executionArn: string): Body | undefined {
  const child = runner.mapRuns.child(executionArn);
  if (!child) return undefined;
  return {
    executionArn: child.executionArn,
    stateMachineArn: child.stateMachineArn,
    mapRunArn: child.mapRunArn,
    name: child.name,
    status: child.status,
    startDate: epochSeconds(child.startDate),
    ...(child.stopDate ? { stopDate: epochSeconds(child.stopDate) } : {}),
    input: JSON.stringify(child.input),
    inputDetails: { included: true },
    ...(child.status === 'SUCCEEDED'
      ? { output: JSON.stringify(child.output ?? null), outputDetails: { included: true } }
      : {}),
    ...(child.error === undefined ? {} : { error: child.error }),
    ...(child.cause === undefined ? {} : { cause: child.cause }),
  };
}

/** The history of a Map Run's child execution, or undefined when `executionArn` is not one. */
export function mapRunChildHistory(runner: WorkflowRunner, executionArn: string): readonly HistoryEvent[] | undefined {
  return runner.mapRuns.child(executionArn)?.history.events;
}
