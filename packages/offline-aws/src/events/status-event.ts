/**
 * Step Functions' "Step Functions Execution Status Change" event, as "Automating Step Functions
 * event delivery with EventBridge" (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html)
 * shows it: the EventBridge envelope (`version` "0", `id`, `detail-type`, `source` "aws.states",
 * `account`, `time`, `region`, `resources` [the execution ARN]) around a `detail` that carries what
 * DescribeExecution reports at that moment — dates in epoch milliseconds, input and output as JSON
 * text.
 */
import { randomUUID } from 'node:crypto';
import type { Execution, ExecutionStatus } from '../engine/execution';

export const DETAIL_TYPE = 'Step Functions Execution Status Change';

export interface StatusChangeDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  /** Epoch milliseconds; null while RUNNING. */
  stopDate: number | null;
  /** The execution's input as JSON text. */
  input: string;
  inputDetails: { included: boolean };
  /** The output as JSON text when SUCCEEDED, else null. */
  output: string | null;
  outputDetails: { included: boolean } | null;
  error: string | null;
  cause: string | null;
  redriveCount: number;
  /** Epoch milliseconds of the last redrive; null before any. */
  redriveDate: number | null;
}

export interface StatusChangeEvent {
  version: '0';
  id: string;
  'detail-type': typeof DETAIL_TYPE;
  source: 'aws.states';
  account: string;
  /** ISO 8601 to the second, as EventBridge writes it (`2019-02-26T19:42:21Z`). */
  time: string;
  region: string;
  resources: string[];
  detail: StatusChangeDetail;
}

/**
 * The event for an execution as it is now (its status already changed).
 * @param execution the execution (Standard; Express executions send no such events)
 * @param at when the change happened (the event's `time`)
 */
export function statusChangeEvent(execution: Execution, at: Date = new Date()): StatusChangeEvent {
  const [, , , region = 'us-east-1', account = '000000000000'] = execution.executionArn.split(':');
  const succeeded = execution.status === 'SUCCEEDED';
  const output = succeeded ? JSON.stringify(execution.output ?? null) : null;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPE,
    source: 'aws.states',
    account,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: JSON.stringify(execution.input),
      inputDetails: { included: true },
      output,
      outputDetails: output === null ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: execution.redriveCount,
      redriveDate: execution.redriveDate?.getTime() ?? null,
    },
  };
}
