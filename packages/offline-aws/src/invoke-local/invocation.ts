/**
 * What Lambda tells the function `sls invoke local` runs about itself, and what it reports after:
 * the framework (osls) runs the handler in its own process with a context of its own making (it
 * says 1024 MB whatever serverless.yml configures); the plugin hands it this one instead, through
 * the framework's custom-context option.
 *
 * - the context's data as Lambda gives it (lambda/environment.ts), memory and timeout from
 *   serverless.yml: the function's `memorySize`/`timeout`, else the provider's, else the defaults
 *   the framework deploys (1024 MB, 6 s; Lambda's own would be 128 MB and 3 s, but the framework
 *   always writes MemorySize and Timeout into the template);
 * - `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand` and the log stream name, as Lambda defines them
 *   (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html): Powertools
 *   reports `cold_start` only when the first is set;
 * - the REPORT line (lambda/report-line.ts), with the Init Duration of the handler module's load:
 *   every `sls invoke local` is a new process, so its one invocation is a cold start.
 */
import { randomUUID } from 'node:crypto';
import type { ServerlessConfig } from '../serverless/config';
import {
  functionIdentity,
  invocationContextData,
  newLogStreamName,
  type InvocationContextData,
} from '../lambda/environment';
import { reportLine } from '../lambda/report-line';

export type LocalContext = InvocationContextData & { getRemainingTimeInMillis(): number };

export interface LocalInvocation {
  /** Variables the function's environment gets on top of its own (Lambda's reserved ones osls lacks). */
  environment: Record<string, string>;
  /**
   * The context for an invocation starting now (its deadline: now plus the function's timeout).
   * @param given a context passed with `--context`/`--contextPath`: its fields win.
   */
  context(given?: unknown): LocalContext;
  /** Lambda's REPORT line for the invocation `context()` started. */
  report(timings: { durationMs: number; initDurationMs?: number }): string;
}

export function localInvocation(config: ServerlessConfig, functionName: string): LocalInvocation {
  const identity = functionIdentity(config, functionName);
  const logStreamName = newLogStreamName();
  let requestId: string = randomUUID();
  return {
    environment: { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', AWS_LAMBDA_LOG_STREAM_NAME: logStreamName },
    context(given) {
      const deadline = Date.now() + identity.timeout * 1000;
      const overrides = given !== null && typeof given === 'object' ? given : {};
      const context: LocalContext = {
        ...invocationContextData(identity, requestId, logStreamName),
        getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
        ...overrides,
      };
      requestId = context.awsRequestId;
      return context;
    },
    report: (timings) => reportLine({ requestId, memorySize: identity.memorySize, ...timings }),
  };
}
