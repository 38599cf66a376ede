import {
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { PIVOT_STATE } from '#shared/workflow-errors';
import type { ExecutionHistory, ExecutionProgress, ExecutionStatus } from '../domain/ports';

/** The status each execution-level history event leaves the execution in. */
const STATUS_AFTER: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionStarted: 'RUNNING',
  ExecutionRedriven: 'RUNNING',
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

/**
 * How far a history went: whether the pivot's Task succeeded, the state entered last, the input and
 * where the execution stands (its last execution-level event: RUNNING again after a redrive). The order
 * state machine's top level runs one state at a time (its branches run in Express children), so a
 * TaskSucceeded belongs to the state entered last
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
 */
export function progressOf(events: readonly HistoryEvent[]): ExecutionProgress {
  let lastState: string | undefined;
  let passedPivot = false;
  let input: string | undefined;
  let status: ExecutionStatus | undefined;
  for (const event of events) {
    status = STATUS_AFTER[event.type ?? ''] ?? status;
    if (event.type === 'ExecutionStarted') input = event.executionStartedEventDetails?.input;
    else if (event.type?.endsWith('StateEntered')) lastState = event.stateEnteredEventDetails?.name;
    else if (event.type === 'TaskSucceeded' && lastState === PIVOT_STATE) passedPivot = true;
  }
  return {
    passedPivot,
    ...(lastState === undefined ? {} : { lastState }),
    ...(input === undefined ? {} : { input }),
    ...(status === undefined ? {} : { status }),
  };
}

/**
 * The execution's history from Step Functions (GetExecutionHistory, every page). With its data: the
 * input, which a status-change event leaves out when it is too large to carry.
 */
export class SfnExecutionHistory implements ExecutionHistory {
  constructor(private readonly client: SFNClient) {}

  async progress(executionArn: string): Promise<ExecutionProgress | undefined> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, nextToken }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      // An event about an execution there is no such execution of (a made-up or mistyped ARN).
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
    return progressOf(events);
  }
}
