import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { PIVOT_STATE } from '#shared/workflow-errors';
import type { ExecutionHistory } from '../domain/ports';

/**
 * Whether a history shows the pivot's Task succeeded. The order state machine's top level runs one
 * state at a time (its branches run in Express children), so a TaskSucceeded belongs to the state
 * entered last (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
 */
export function historyPassedPivot(events: readonly HistoryEvent[]): boolean {
  let current: string | undefined;
  for (const event of events) {
    if (event.type?.endsWith('StateEntered')) current = event.stateEnteredEventDetails?.name;
    else if (event.type === 'TaskSucceeded' && current === PIVOT_STATE) return true;
  }
  return false;
}

/** The execution's history from Step Functions (GetExecutionHistory, every page). */
export class SfnExecutionHistory implements ExecutionHistory {
  constructor(private readonly client: SFNClient) {}

  async passedPivot(executionArn: string): Promise<boolean> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, nextToken }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return historyPassedPivot(events);
  }
}
