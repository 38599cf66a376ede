/**
 * Retry and Catch (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
 * which retrier or catcher an error matches, and how long to wait before the next attempt.
 * - An error matches a name it equals; `States.ALL` matches every error but `States.Runtime` and
 *   `States.DataLimitExceeded` (terminal, "cannot be retried or caught"); `States.TaskFailed` matches
 *   every error but `States.Timeout` (and the terminal ones).
 * - A retrier's own attempts are counted (`MaxAttempts`, default 3; 0 never retries); the wait is
 *   `IntervalSeconds` (default 1) × `BackoffRate` (default 2.0) ^ (attempts so far), capped by
 *   `MaxDelaySeconds`, drawn uniformly below that with `JitterStrategy: FULL`.
 */
import type { StateError } from '../errors';
import type { Json, JsonObject } from '../query/types';

const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/** Whether `errorEquals` (a retrier's or catcher's ErrorEquals) covers `error`. */
export function errorMatches(errorEquals: Json | undefined, error: string): boolean {
  if (!Array.isArray(errorEquals)) return false;
  return errorEquals.some((name) => {
    if (name === error) return true;
    if (TERMINAL.has(error)) return false;
    if (name === 'States.ALL') return true;
    return name === 'States.TaskFailed' && error !== 'States.Timeout';
  });
}

const list = (value: Json | undefined): JsonObject[] =>
  Array.isArray(value)
    ? value.filter((v): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v))
    : [];

/** Per retrier of a state, the attempts it has made: one object per state entry. */
export class RetryCounter {
  private readonly attempts: number[] = [];

  constructor(private readonly retriers: Json | undefined) {}

  /**
   * The delay before the next attempt, in milliseconds, or undefined when no retrier matches or the
   * matching one is exhausted (the error then goes to the catchers).
   */
  next(error: StateError, intervalOverrideMs?: number): number | undefined {
    const retriers = list(this.retriers);
    const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error.name));
    if (index < 0) return undefined;
    const retrier = retriers[index] as JsonObject;
    const made = this.attempts[index] ?? 0;
    const maxAttempts = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
    if (made >= maxAttempts) return undefined;
    this.attempts[index] = made + 1;
    if (intervalOverrideMs !== undefined) return intervalOverrideMs;
    const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
    const backoff = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
    let seconds = interval * backoff ** made;
    if (typeof retrier.MaxDelaySeconds === 'number') seconds = Math.min(seconds, retrier.MaxDelaySeconds);
    if (retrier.JitterStrategy === 'FULL') seconds = Math.random() * seconds;
    return seconds * 1000;
  }

  /** The retries made so far for this entry (`$$.State.RetryCount`). */
  get total(): number {
    return this.attempts.reduce((sum, n) => sum + n, 0);
  }
}

/** The first catcher whose ErrorEquals covers `error`, if any. */
export function findCatcher(catchers: Json | undefined, error: StateError): JsonObject | undefined {
  return list(catchers).find((catcher) => errorMatches(catcher.ErrorEquals, error.name));
}
