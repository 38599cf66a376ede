/**
 * What the pool counts per function (src/lambda/pool.ts), for `runtime.lambdaStats.functions`,
 * the CLIs' reports and the benchmark: invocations, cold and warm starts, Init durations, errors.
 */

/** Counters of one function since the last reset; durations in ms. */
export interface FunctionStats {
  invocations: number;
  /** Handler time: from handing the event to an environment until its answer (no init, no queueing). */
  durationMs: number;
  /**
   * New environments that completed Init (a cold start each), and the summed and longest Init
   * durations (worker start plus module init, as Lambda's "Init Duration").
   */
  coldStarts: number;
  initDurationMs: number;
  maxInitDurationMs: number;
  /** Invocations served by an environment that had served one before (the others were its first). */
  warmStarts: number;
  /** Invocations that failed (function errors, timeouts, crashes, throttles included). */
  errors: number;
  timeouts: number;
  throttles: number;
  /** Environments alive or on their way now (requested, in Init, busy or idle), and the most at once. */
  environments: number;
  peakEnvironments: number;
}

/** All counters at zero. */
export const emptyStats = (): FunctionStats => ({
  invocations: 0,
  durationMs: 0,
  coldStarts: 0,
  initDurationMs: 0,
  maxInitDurationMs: 0,
  warmStarts: 0,
  errors: 0,
  timeouts: 0,
  throttles: 0,
  environments: 0,
  peakEnvironments: 0,
});
