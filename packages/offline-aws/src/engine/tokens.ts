/**
 * Task tokens, one per attempt of a callback task (`.waitForTaskToken`), as Step Functions issues
 * them (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token):
 * an opaque string of at most 1024 characters that completes exactly that attempt.
 *
 * - SendTaskSuccess / SendTaskFailure on an open token complete its attempt and close the token;
 * - on a closed token (answered, timed out, heartbeat missed, attempt failed, execution ended) they
 *   throw `TaskTimedOut`; on a token this runtime never issued, `TaskDoesNotExist`; on a string that
 *   is not a token at all, `InvalidToken` (API_SendTaskSuccess.html, "Errors");
 * - SendTaskHeartbeat on an open token restarts its `HeartbeatSeconds` timer; without one in time the
 *   attempt fails with `States.HeartbeatTimeout` (API_SendTaskHeartbeat.html).
 */
import { randomBytes } from 'node:crypto';
import type { Json } from '../serverless/config';
import { StateError, StepFunctionsError } from './errors';
import { after } from './interpreter/context';

/** Tokens look like `AQ` + 86 base64url characters (64 random bytes). */
const TOKEN = /^AQ[A-Za-z0-9_-]{86}$/;
const MAX_TOKEN_LENGTH = 1024;

interface OpenToken {
  executionArn: string;
  stateName: string;
  resolve(output: Json): void;
  reject(error: Error): void;
  heartbeatMs?: number;
  /** Cancels the heartbeat timer. */
  heartbeat?: () => void;
}

export interface TokenInfo {
  executionArn: string;
  stateName: string;
}

export class TaskTokens {
  /** Tokens issued, by token: their execution and state (kept after closing, to answer TaskTimedOut). */
  private readonly issued = new Map<string, TokenInfo>();
  /** Tokens whose attempt is waiting for an answer. */
  private readonly open = new Map<string, OpenToken>();

  /** A new token for one attempt of a state of the execution; it completes nothing until `wait` is called. */
  issue(executionArn: string, stateName = ''): string {
    const token = `AQ${randomBytes(64).toString('base64url')}`;
    this.issued.set(token, { executionArn, stateName });
    return token;
  }

  /**
   * Waits for the answer to `token`. Register before handing the token on: the receiver may answer
   * before the call that carried it returns.
   * @param heartbeatSeconds the state's HeartbeatSeconds: fails with `States.HeartbeatTimeout` when
   *   no SendTaskHeartbeat (nor answer) arrives within it.
   * @returns the output of SendTaskSuccess; rejects with the StateError of SendTaskFailure.
   */
  wait(token: string, stateName: string, heartbeatSeconds?: number): Promise<Json> {
    const info = this.issued.get(token);
    if (!info) throw new Error(`wait: token was not issued here`);
    info.stateName = stateName;
    const answer = new Promise<Json>((resolve, reject) => {
      const entry: OpenToken = { ...info, resolve, reject };
      if (heartbeatSeconds !== undefined) entry.heartbeatMs = heartbeatSeconds * 1000;
      this.open.set(token, entry);
      this.armHeartbeat(token, entry);
    });
    answer.catch(() => undefined);
    return answer;
  }

  private armHeartbeat(token: string, entry: OpenToken): void {
    if (entry.heartbeatMs === undefined) return;
    entry.heartbeat?.();
    // `after` re-arms past setTimeout's 24.8-day ceiling, which would otherwise fire at once.
    entry.heartbeat = after(entry.heartbeatMs, () => {
      this.close(
        token,
        new StateError('States.HeartbeatTimeout', `${entry.stateName}: no heartbeat within HeartbeatSeconds`),
      );
    });
  }

  /** The execution and state of an open token. @throws StepFunctionsError as `take` does. */
  private find(token: string): OpenToken {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) {
      throw new StepFunctionsError('InvalidToken', 'Invalid Token: the task token is malformed');
    }
    const entry = this.open.get(token);
    if (entry) return entry;
    if (this.issued.has(token)) {
      throw new StepFunctionsError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist: no task was issued this token');
  }

  /** SendTaskSuccess: completes the attempt with `output`. */
  succeed(token: string, output: Json): void {
    const entry = this.find(token);
    this.forget(token, entry);
    entry.resolve(output);
  }

  /** SendTaskFailure: fails the attempt with `error` / `cause`. */
  fail(token: string, error: string, cause: string): void {
    const entry = this.find(token);
    this.forget(token, entry);
    entry.reject(new StateError(error, cause));
  }

  /** SendTaskHeartbeat: the attempt is still being worked on. */
  heartbeat(token: string): void {
    const entry = this.find(token);
    this.armHeartbeat(token, entry);
  }

  /** The execution and state a token was issued to (also once closed), if any. */
  describe(token: string): TokenInfo | undefined {
    return this.issued.get(token);
  }

  /** Closes a token: later answers get TaskTimedOut. With `error`, a waiting attempt fails with it. */
  close(token: string, error?: Error): void {
    const entry = this.open.get(token);
    if (!entry) return;
    this.forget(token, entry);
    if (error) entry.reject(error);
  }

  /** Closes every token of an execution (it ended, or was stopped); waiting attempts fail with `error`. */
  closeExecution(executionArn: string, error: Error): void {
    for (const [token, entry] of [...this.open]) if (entry.executionArn === executionArn) this.close(token, error);
  }

  /** Closes the tokens of one state of an execution (the library ended its attempt on its own). */
  closeExecutionState(executionArn: string, stateName: string, error: Error): void {
    for (const [token, entry] of [...this.open]) {
      if (entry.executionArn === executionArn && entry.stateName === stateName) this.close(token, error);
    }
  }

  /** Executions with an attempt waiting for a token. */
  waitingExecutions(): Set<string> {
    return new Set([...this.open.values()].map((entry) => entry.executionArn));
  }

  private forget(token: string, entry: OpenToken): void {
    entry.heartbeat?.();
    this.open.delete(token);
  }
}
