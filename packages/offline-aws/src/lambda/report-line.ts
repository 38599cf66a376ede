/**
 * Lambda's REPORT line, the last line of each invocation's log
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html):
 *
 *   REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\t[Init Duration: 250.00 ms\t]
 *
 * `Init Duration` appears only on an environment's first invocation (its cold start). Since
 * 1 August 2025 the Init phase of on-demand functions is billed as well
 * (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/): the billed
 * duration is Init plus Invoke, rounded up to the millisecond. Offline leaves out `Max Memory Used`
 * (nothing measures one function's memory apart from its host process).
 */
export interface InvocationTimings {
  requestId: string;
  /** Milliseconds of the Invoke phase. */
  durationMs: number;
  /** MB, the function's configured memory. */
  memorySize: number;
  /** Milliseconds of the Init phase; only for the invocation that paid a cold start. */
  initDurationMs?: number;
}

export function reportLine({ requestId, durationMs, memorySize, initDurationMs }: InvocationTimings): string {
  const billed = Math.ceil(durationMs + (initDurationMs ?? 0));
  const init = initDurationMs === undefined ? '' : `Init Duration: ${initDurationMs.toFixed(2)} ms\t`;
  return (
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
    `Memory Size: ${memorySize} MB\t${init}`
  );
}
