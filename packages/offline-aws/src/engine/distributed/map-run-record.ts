/**
 * What a Map Run leaves for the Step Functions API to read (API_DescribeMapRun.html,
 * API_ListMapRuns.html, API_ListExecutions.html with `mapRunArn`): the run and its child workflow
 * executions, each with a history of its own (ExecutionStarted … ExecutionSucceeded/Failed/Aborted).
 * The engine fills and updates these records as the run goes; the runner keeps them (map-runs.ts).
 */
import type { ExecutionHistory } from '../history';
import type { Json } from '../query/types';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** One child workflow execution of a Map Run (an item, or a batch of items). */
export interface MapRunChildExecution {
  executionArn: string;
  name: string;
  /** `<parent state machine ARN>/<Map state label>`, as AWS names a Map Run's child machine. */
  stateMachineArn: string;
  mapRunArn: string;
  input: Json;
  history: ExecutionHistory;
  startDate: Date;
  stopDate?: Date;
  status: MapRunStatus;
  output?: Json;
  error?: string;
  cause?: string;
}

export interface MapRunRecord {
  mapRunArn: string;
  /** The parent execution. */
  executionArn: string;
  /** The child executions' state machine (`<parent machine>/<label>`). */
  stateMachineArn: string;
  startDate: Date;
  stopDate?: Date;
  status: MapRunStatus;
  /** 0: no limit (API_DescribeMapRun.html). */
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  redriveCount: number;
  redriveDate?: Date;
  children: MapRunChildExecution[];
}
