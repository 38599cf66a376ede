import { availableParallelism } from 'node:os';
import type { ServerlessConfig } from '../serverless/config';
import type { LogSink } from '../logs/sink';

/** How a LambdaPool (pool.ts) runs its execution environments. */
export interface LambdaPoolOptions {
  /**
   * Receives a line per invocation and the functions' output (logs/sink.ts); the runtime gives its
   * own. Without one, nothing is printed and the functions' output is dropped (LogType: Tail
   * still returns it).
   */
  log?: LogSink;
  /**
   * Environments per function at most; `reservedConcurrency` in serverless.yml wins. Default: twice
   * the host's cores, from 4 to 10 (each environment's Init costs about 0.5 s of CPU, and more
   * environments than cores only help while handlers wait for I/O).
   */
  concurrency?: number;
  /** Beyond the limit: wait for a free environment (default) or fail with TooManyRequestsException. */
  overflow?: 'queue' | 'throttle';
  /** ms an environment stays idle before it is shut down (default 60 s). */
  idleTimeoutMs?: number;
  /** Stop invocations at the function's timeout (default true); off, contexts report 900 s. */
  enforceTimeouts?: boolean;
  /**
   * ms an environment's Init may take before it fails with Sandbox.Timedout (default Lambda's 10 s).
   * The test suites raise it: on a machine busy with other work an Init's wall time stretches far
   * past its CPU time, which is not what Lambda's limit is about; the conformance test of the limit
   * keeps the default.
   */
  initLimitMs?: number;
  /** Where bundles are cached (default `<root>/.local/lambda/<service>-<stage>`). */
  cacheDir?: string;
  /**
   * Directory of V8's compile cache, shared by every environment (default: `compile-cache/` in the
   * build's directory, `<cacheDir>/builds/<id>/`, removed with the build), or `false`: each
   * environment compiles every module it loads, as each one does on Lambda. With it, a cold start
   * reads the compiled code of the AWS SDK and the bundle instead of compiling them again
   * (docs/fidelity.md: an offline Init takes less CPU than on AWS).
   */
  compileCache?: string | false;
  /**
   * Environments in Init at once, over all functions (default: the host's cores, at least 2).
   * Lambda initializes each on its own machine; here Inits share the cores, and many at once would
   * each take many times longer (and pass Lambda's 10 s Init limit).
   */
  initConcurrency?: number;
  /**
   * When the pool stops, leave its idle environments to a later pool of this process that would
   * run the same code with the same variables and configuration (warm-leftovers.ts), and start from
   * such leftovers before a cold start. For suites that start many stacks one after another.
   */
  keepWarm?: boolean;
}

const DEFAULT_CONCURRENCY = Math.min(10, Math.max(4, 2 * availableParallelism()));

/**
 * A function's environments at most, and what an invocation beyond them gets: `reservedConcurrency`
 * throttles as in AWS; otherwise the pool's `concurrency` (4 to 10 by the host's cores), queueing
 * unless `overflow` says throttle.
 */
export function functionLimit(
  config: ServerlessConfig,
  functionName: string,
  options: LambdaPoolOptions,
): { max: number; overflow: 'queue' | 'throttle' } {
  const reserved = config.functions[functionName]?.reservedConcurrency;
  if (reserved !== undefined) return { max: reserved, overflow: 'throttle' };
  return { max: options.concurrency ?? DEFAULT_CONCURRENCY, overflow: options.overflow ?? 'queue' };
}
