import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { PIVOT_STATE } from '#shared/workflow-errors';
import type { ExecutionHistory, ExecutionProgress } from '../domain/ports';

/**
 * How far a history went: whether the pivot's Task succeeded, and the state entered last. The order
 * state machine's top level runs one state at a time (its branches run in Express children), so a
 * TaskSucceeded belongs to the state entered last
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
 */
export function progressOf(events: readonly HistoryEvent[]): ExecutionProgress {
  let lastState: string | undefined;
  let passedPivot = false;
  let input: string | undefined;
  for (const event of events) {
    if (event.type === 'ExecutionStarted') input = event.executionStartedEventDetails?.input;
    else if (event.type?.endsWith('StateEntered')) lastState = event.stateEnteredEventDetails?.name;
    else if (event.type === 'TaskSucceeded' && lastState === PIVOT_STATE) passedPivot = true;
  }
  return {
    passedPivot,
    ...(lastState === undefined ? {} : { lastState }),
    ...(input === undefined ? {} : { input }),
  };
}

/**
 * The execution's history from Step Functions (GetExecutionHistory, every page). With its data: the
 * input, which a status-change event leaves out when it is too large to carry.
 */
export class SfnExecutionHistory implements ExecutionHistory {
  constructor(private readonly client: SFNClient) {}

  async progress(executionArn: string): Promise<ExecutionProgress> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, nextToken }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return progressOf(events);
  }
}
