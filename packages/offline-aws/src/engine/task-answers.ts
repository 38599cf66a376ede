/**
 * The answers a worker gives a callback task's token (`.waitForTaskToken`): SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat (API_SendTaskSuccess.html, API_SendTaskFailure.html,
 * API_SendTaskHeartbeat.html), checked before they reach the token (tokens.ts).
 */
import { checkTaskOutputDepth, StepFunctionsError } from './errors';
import type { Json } from './query/types';
import type { TaskTokens } from './tokens';

/** SendTaskSuccess. @throws StepFunctionsError InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut. */
export function sendTaskSuccess(tokens: TaskTokens, token: string, output: string): void {
  let parsed: Json;
  try {
    parsed = JSON.parse(output) as Json;
  } catch {
    throw new StepFunctionsError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
  }
  checkTaskOutputDepth(parsed);
  tokens.succeed(token, parsed);
}

/** SendTaskFailure. @throws StepFunctionsError InvalidToken, TaskDoesNotExist, TaskTimedOut. */
export function sendTaskFailure(tokens: TaskTokens, token: string, error = 'States.TaskFailed', cause = ''): void {
  tokens.fail(token, error, cause);
}

/** SendTaskHeartbeat. @throws StepFunctionsError InvalidToken, TaskDoesNotExist, TaskTimedOut. */
export function sendTaskHeartbeat(tokens: TaskTokens, token: string): void {
  tokens.heartbeat(token);
}
