/**
 * Asynchronous invocation offline (Invoke with `InvocationType: Event`, and how SNS invokes its
 * subscribed functions), as "How Lambda handles errors and retries with asynchronous invocation"
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html) describes it:
 *
 * - The event is accepted at once (the caller gets 202) and queued; one request id serves every
 *   attempt.
 * - A function error (thrown, timed out, runtime exit) is retried `maximumRetryAttempts` times
 *   (default 2): one minute before the second attempt, two minutes before the third.
 * - A throttle (TooManyRequestsException) goes back to the queue, retried after 1 s, doubling up to
 *   5 minutes, until the event is older than `maximumEventAge` (default 6 hours).
 * - Then the event is discarded: its invocation record goes to `destinations.onFailure`, or the
 *   event itself to the dead-letter queue (`onError`), when declared (destinations.ts); a success
 *   sends its record to `destinations.onSuccess`.
 *
 * `retryDelaysMs` shortens the waits for tests; everything else is as AWS does it.
 */
import { randomUUID } from 'node:crypto';
import type { ServerlessConfig } from '../serverless/config';
import {
  asyncTargets,
  deadLetterAttributes,
  qualifiedFunctionArn,
  type AsyncTargets,
  type Condition,
  type InvocationRecord,
  type TargetSender,
} from './destinations';
import { LambdaFunctionError, type LambdaErrorPayload } from './errors';
import { checkRequestSize } from './payload-limits';
import type { InvocationTrigger } from '../logs/lines';
import { BackgroundWork } from './background-work';

/** Invokes a function synchronously with a given request id (the pool's invoke). */
export type SyncInvoke = (
  functionName: string,
  event: unknown,
  options: { requestId: string; trigger?: InvocationTrigger },
) => Promise<unknown>;

export interface AsyncInvocationOptions {
  /** ms before the 2nd and 3rd attempts after a function error (default 60 000 and 120 000, as AWS). */
  retryDelaysMs?: readonly [number, number];
  /** ms before the first retry of a throttled event, doubled each time up to 5 minutes (default 1000). */
  throttleDelayMs?: number;
  /** Receives the line said when an event is given up on (default: stderr; the runtime's log sink). */
  print?: (line: string) => void;
}

/** One attempt, for whoever watches (tests, the history). */
export interface AsyncAttempt {
  functionName: string;
  requestId: string;
  attempt: number;
  outcome: 'success' | 'error' | 'throttled';
  errorType?: string;
}

/** What became of an event that failed every attempt. */
export interface AsyncFailure {
  functionName: string;
  requestId: string;
  error: string;
  /** Where its record or the event went: `onFailure`, `onError`, or `discarded`. */
  sentTo: 'onFailure' | 'onError' | 'discarded';
}

const THROTTLE_MAX_DELAY_MS = 5 * 60_000;
const DEFAULT_EVENT_AGE_S = 6 * 60 * 60;

export class AsyncInvoker {
  readonly attempts: AsyncAttempt[] = [];
  readonly failures: AsyncFailure[] = [];
  private readonly work = new BackgroundWork();
  /** Retry waits in progress, each with what ends it early (stop()). */
  private readonly targets = new Map<string, AsyncTargets>();

  constructor(
    private readonly config: ServerlessConfig,
    private readonly invoke: SyncInvoke,
    private readonly sender: TargetSender,
    private readonly options: AsyncInvocationOptions = {},
  ) {
    // Checked now: a destination the stack cannot deliver to fails the start, not the 3rd attempt.
    for (const name of Object.keys(config.functions)) this.targets.set(name, asyncTargets(config, name));
  }

  /**
   * Queues an event for a function, as Invoke with `InvocationType: Event` does.
   * @param trigger what sent it (`sns <topic>`, `Invoke (Event)`), for the line of each attempt
   * @returns the request id (the X-Amzn-RequestId of the 202 answer)
   * @throws RequestEntityTooLargeException over the asynchronous payload limit; Error for an unknown function
   */
  accept(functionName: string, event: unknown, trigger?: InvocationTrigger): string {
    if (!this.config.functions[functionName]) throw new Error(`No function "${functionName}" in serverless.yml`);
    checkRequestSize(JSON.stringify(event ?? null), 'Event');
    const requestId = randomUUID();
    const run = this.run(functionName, event, requestId, trigger).catch((error: unknown) => {
      this.print(`[lambda] ${functionName} async ${requestId}: ${String(error)}`);
    });
    this.work.track(run);
    return requestId;
  }

  /** Resolves once every accepted event was handled (retries and destinations included). */
  async drain(): Promise<void> {
    await this.work.drain();
  }

  /**
   * Forgets queued retries (the stack is stopping): waits in progress end now, and an attempt still
   * running when the stack stops is not retried (its failure would otherwise schedule a retry a
   * minute away, keeping the process alive after everything else stopped).
   */
  stop(): void {
    this.work.stop();
  }

  /** Said of an event the stack stopped before it could be retried (Lambda's queue would keep it). */
  private dropped(functionName: string, requestId: string, last: LambdaErrorPayload): void {
    this.print(
      `[lambda] ${functionName} async ${requestId}: dropped, the stack stopped before its retry (last attempt: ${last.errorType})`,
    );
  }

  private print(line: string): void {
    if (this.options.print) this.options.print(line);
    else process.stderr.write(`${line}\n`);
  }

  private async run(
    functionName: string,
    event: unknown,
    requestId: string,
    trigger?: InvocationTrigger,
  ): Promise<void> {
    const fn = this.config.functions[functionName];
    const retries = fn?.asyncInvoke.maximumRetryAttempts ?? 2;
    const maxAgeMs = (fn?.asyncInvoke.maximumEventAge ?? DEFAULT_EVENT_AGE_S) * 1000;
    const accepted = Date.now();
    const delays = this.options.retryDelaysMs ?? [60_000, 120_000];
    let throttleDelay = this.options.throttleDelayMs ?? 1000;
    let invokeCount = 0;
    let errors = 0;
    let lastError: LambdaErrorPayload = { errorType: 'Unknown', errorMessage: '', trace: [] };
    for (;;) {
      if (this.work.stopped) return;
      invokeCount += 1;
      try {
        const result = await this.invoke(functionName, event, { requestId, trigger });
        this.attempts.push({ functionName, requestId, attempt: invokeCount, outcome: 'success' });
        await this.succeeded(functionName, event, requestId, invokeCount, result);
        return;
      } catch (error) {
        const payload = errorPayload(error);
        const throttled = payload.errorType === 'TooManyRequestsException';
        this.attempts.push({
          functionName,
          requestId,
          attempt: invokeCount,
          outcome: throttled ? 'throttled' : 'error',
          errorType: payload.errorType,
        });
        // The stack stopped meanwhile: no retry, and no destination left to deliver to.
        if (this.work.stopped) return this.dropped(functionName, requestId, payload);
        let wait: number;
        if (throttled) {
          wait = throttleDelay;
          throttleDelay = Math.min(THROTTLE_MAX_DELAY_MS, throttleDelay * 2);
        } else {
          lastError = payload;
          errors += 1;
          if (errors > retries)
            return this.failed(functionName, event, requestId, invokeCount, lastError, 'RetriesExhausted');
          wait = delays[Math.min(errors, delays.length) - 1] ?? 0;
        }
        if (Date.now() + wait - accepted > maxAgeMs) {
          return this.failed(functionName, event, requestId, invokeCount, lastError, 'EventAgeExceeded');
        }
        await this.work.sleep(wait);
        if (this.work.stopped) return this.dropped(functionName, requestId, payload);
      }
    }
  }

  private record(
    functionName: string,
    event: unknown,
    requestId: string,
    count: number,
    condition: Condition,
  ): InvocationRecord {
    return {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId,
        functionArn: qualifiedFunctionArn(this.config, functionName),
        condition,
        approximateInvokeCount: count,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    };
  }

  private async succeeded(functionName: string, event: unknown, requestId: string, count: number, result: unknown) {
    const target = this.targets.get(functionName)?.onSuccess;
    if (!target) return;
    const record = { ...this.record(functionName, event, requestId, count, 'Success'), responsePayload: result };
    await this.sender.send(target, JSON.stringify(record));
  }

  private async failed(
    functionName: string,
    event: unknown,
    requestId: string,
    count: number,
    error: LambdaErrorPayload,
    condition: Condition,
  ): Promise<void> {
    if (this.work.stopped) return;
    const targets = this.targets.get(functionName) ?? {};
    const failure = { functionName, requestId, error: `${error.errorType}: ${error.errorMessage}` };
    if (targets.onFailure) {
      const base = this.record(functionName, event, requestId, count, condition);
      const record: InvocationRecord = {
        ...base,
        responseContext: { ...base.responseContext, functionError: 'Unhandled' },
        responsePayload: error,
      };
      await this.sender.send(targets.onFailure, JSON.stringify(record));
      this.failures.push({ ...failure, sentTo: 'onFailure' });
    } else if (targets.deadLetter) {
      await this.sender.send(targets.deadLetter, JSON.stringify(event), deadLetterAttributes(requestId, error));
      this.failures.push({ ...failure, sentTo: 'onError' });
    } else {
      this.failures.push({ ...failure, sentTo: 'discarded' });
    }
    const fate = this.failures.at(-1)?.sentTo;
    // The error's name only: its message is in the function's log and in the destination's record.
    this.print(
      `[lambda] ${functionName}: event ${requestId} failed ${count} attempt(s) (${error.errorType}); ` +
        (fate === 'discarded' ? 'discarded (no destination declared)' : `sent to ${fate}`),
    );
  }
}

function errorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof LambdaFunctionError) {
    return { errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
}
