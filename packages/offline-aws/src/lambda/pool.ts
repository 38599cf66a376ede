/**
 * Lambda execution environments offline, per function: each one a worker thread running the
 * function's bundle with exactly that function's environment variables (execution-environment.ts,
 * bundle.ts, environment.ts), scheduled as "Understanding the Lambda execution environment
 * lifecycle" describes (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):
 *
 * - Init runs once per environment (module code: a cold start, counted with its duration).
 * - An environment serves one invocation at a time. An invocation that finds no idle environment
 *   requests a new one, up to the function's concurrency limit, and runs in the first environment
 *   to become free: the new one after its Init, or a busy one finishing first. Inits wait their
 *   turn at an init gate (the host's cores; a function's first environment goes first); one no
 *   invocation needs any more by then is skipped.
 * - An idle environment is reused (a warm start) and shut down after `idleTimeoutMs` without work.
 * - At the function's timeout the environment is stopped at once (worker.terminate(): nothing it
 *   had still to do happens) and the invocation fails with `Sandbox.Timedout`; the next invocation
 *   gets a new environment. A crash or exit during an invocation fails it and discards the
 *   environment too.
 *
 * Beyond the limit: a function with `reservedConcurrency` in serverless.yml is throttled as in AWS
 * (TooManyRequestsException, https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
 * Otherwise the limit (`concurrency`, 4 to 10 by the host's cores) only bounds the threads of this
 * machine, standing in for an account concurrency (1,000 by default in AWS) no local run reaches,
 * so invocations beyond it queue for the next free environment, unless `overflow: 'throttle'` asks
 * for AWS's answer.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { packageSource } from '../package-dir';
import type { ServerlessConfig } from '../serverless/config';
import type { FunctionBundle } from './bundle';
import { FunctionCode } from './code';
import { offlineEndpoints, powertoolsChoices } from './environment';
import { handlerError, LambdaTimeoutError, TooManyRequestsException } from './errors';
import type { InvokeError } from '../logs/function-logs';
import {
  environmentKey,
  ExecutionEnvironment,
  type EnvironmentOptions,
  type InvokeOptions,
} from './execution-environment';
import { InitGate } from './init-gate';
import type { OutputChunk } from '../logs/function-logs';
import { LogSink } from '../logs/sink';
import { checkRequestSize, checkResponseSize } from './payload-limits';
import { functionLimit, type LambdaPoolOptions } from './pool-options';
import { emptyStats, type FunctionStats } from './stats';
import { leave, take } from './warm-leftovers';

export type { LambdaPoolOptions } from './pool-options';

interface FunctionState {
  /** Live environments, including those requested and still waiting for or in Init. */
  live: number;
  /** Environments requested and not yet ready (waiting for the init gate or in Init). */
  launching: number;
  /** Environments in Init now. */
  initializing: number;
  idle: ExecutionEnvironment[];
  waiters: { resolve(environment: ExecutionEnvironment): void; reject(error: Error): void }[];
  stats: FunctionStats;
}

export class LambdaPool {
  private readonly functions = new Map<string, FunctionState>();
  private readonly all = new Set<ExecutionEnvironment>();
  private readonly code: FunctionCode;
  private stopped = false;
  private readonly bootstrap: string;
  private readonly initGate: InitGate;
  /** The caller's POWERTOOLS_* choices, as the process had them when the pool was created. */
  private readonly powertools = powertoolsChoices();
  /** Where each invocation's line and the functions' output go (none printed or kept by default). */
  private readonly log: LogSink;

  constructor(
    private readonly config: ServerlessConfig,
    private readonly options: LambdaPoolOptions = {},
  ) {
    this.log = options.log ?? LogSink.silent();
    this.bootstrap = packageSource(config.root, 'lambda', 'bootstrap.cjs');
    this.code = new FunctionCode(config, options.cacheDir);
    this.initGate = new InitGate(options.initConcurrency ?? Math.max(2, availableParallelism()));
    // Worker threads share the process's time zone: run it in UTC, as Lambda's TZ=:UTC does.
    if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
  }

  /**
   * Invokes a function as Lambda's synchronous Invoke does: the event and result cross as JSON,
   * within Lambda's payload limits (payload-limits.ts).
   * @param options.requestId the invocation's request id (an asynchronous event keeps one over its
   *   retries); options.onLog receives what the function writes to stdout/stderr during it;
   *   options.trigger names what set it off in the line the pool's log sink prints for it
   * @throws LambdaFunctionError (name = errorType) when the function fails, times out
   *   (LambdaTimeoutError), is throttled (TooManyRequestsException) or answers more than 6 MB
   *   (Function.ResponseSizeTooLarge); RequestEntityTooLargeException for an event over 6 MB;
   *   Error for an unknown function.
   */
  async invoke(functionName: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const state = this.state(functionName);
    const payload = JSON.stringify(event === undefined ? null : event);
    checkRequestSize(payload, 'RequestResponse');
    state.stats.invocations += 1;
    let environment: ExecutionEnvironment | undefined;
    try {
      environment = await this.acquire(functionName, state);
      const cold = environment.served === 0 ? environment.initDurationMs : undefined;
      if (environment.served > 0) state.stats.warmStarts += 1;
      const dispatched = performance.now();
      const requestId = options.requestId ?? randomUUID();
      const memorySize = this.config.functions[functionName]?.memorySize ?? 1024;
      const { trigger, onLog } = options;
      const record = this.log.begin({ functionName, requestId, trigger, memorySize, initDurationMs: cold }, onLog);
      let error: string | undefined;
      let invokeError: InvokeError | undefined;
      try {
        const result = await environment.invoke(payload, { ...options, requestId, onLog: record.onLog });
        checkResponseSize(result);
        return JSON.parse(result) as unknown;
      } catch (thrown) {
        error = (thrown as Error).name;
        invokeError = handlerError(thrown);
        throw thrown;
      } finally {
        const durationMs = performance.now() - dispatched;
        state.stats.durationMs += durationMs;
        record.end(durationMs, error, invokeError);
      }
    } catch (error) {
      state.stats.errors += 1;
      if (error instanceof LambdaTimeoutError) state.stats.timeouts += 1;
      throw error;
    } finally {
      if (environment) this.release(environment, state);
    }
  }

  /** Per-function counters (functions never invoked are absent). */
  stats(): Record<string, FunctionStats> {
    return Object.fromEntries([...this.functions].map(([name, state]) => [name, { ...state.stats }]));
  }

  /** Zeroes the counters (live environments stay, and are still counted as alive). */
  resetStats(): void {
    for (const state of this.functions.values()) {
      state.stats = { ...emptyStats(), environments: state.live, peakEnvironments: state.live };
    }
  }

  /** The functions whose bundles were built from any of these files (none before the first build). */
  functionsUsing(files: readonly string[]): Promise<string[]> {
    return this.code.users(files);
  }

  /**
   * New bundles for some functions (bundle.ts buildFunctions): invocations from now on run them.
   * Idle environments on the old code shut down now, busy ones after their invocation.
   */
  async updateCode(bundles: Record<string, FunctionBundle>): Promise<void> {
    await this.code.replace(bundles);
    for (const functionName of Object.keys(bundles)) {
      const idle = this.functions.get(functionName)?.idle ?? [];
      for (const environment of idle.filter((env) => !this.code.runsCurrent(env))) void this.discard(environment);
    }
  }

  /** Shuts every environment down; invocations in progress or queued fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.functions.values()) {
      for (const waiter of state.waiters.splice(0)) waiter.reject(new Error('The offline Lambda runtime stopped'));
      if (!this.options.keepWarm) continue;
      for (const environment of state.idle.splice(0)) {
        this.all.delete(environment);
        leave(environment, this.options.idleTimeoutMs ?? 60_000);
      }
    }
    await Promise.all([...this.all].map((environment) => this.discard(environment)));
  }

  private state(functionName: string): FunctionState {
    if (!this.config.functions[functionName]) throw new Error(`No function "${functionName}" in serverless.yml`);
    let state = this.functions.get(functionName);
    if (!state) {
      state = { live: 0, launching: 0, initializing: 0, idle: [], waiters: [], stats: emptyStats() };
      this.functions.set(functionName, state);
    }
    return state;
  }

  /**
   * An environment for one invocation: an idle one, else the first to become free: a new one (its
   * launch requested now, up to the limit) or a busy one finishing first.
   */
  private async acquire(functionName: string, state: FunctionState): Promise<ExecutionEnvironment> {
    if (this.stopped) throw new Error('The offline Lambda runtime stopped');
    const idle = state.idle.pop();
    if (idle) {
      clearTimeout(idle.idleTimer);
      return idle;
    }
    const { max, overflow } = functionLimit(this.config, functionName, this.options);
    if (overflow === 'throttle' && state.live >= max) {
      state.stats.throttles += 1;
      throw new TooManyRequestsException();
    }
    const environment = new Promise<ExecutionEnvironment>((resolve, reject) => state.waiters.push({ resolve, reject }));
    this.grow(functionName, state);
    return environment;
  }

  /** Requests new environments while more invocations wait than environments are on their way. */
  private grow(functionName: string, state: FunctionState): void {
    const { max } = functionLimit(this.config, functionName, this.options);
    while (!this.stopped && state.waiters.length > state.launching && state.live < max) {
      // The function's first environment goes ahead of other functions' additional ones.
      const first = state.live === 0;
      state.live += 1;
      state.launching += 1;
      state.stats.environments = state.live;
      state.stats.peakEnvironments = Math.max(state.stats.peakEnvironments, state.live);
      void this.launch(functionName, state, first);
    }
  }

  /**
   * Starts one environment (Init: a cold start) once the init gate lets it, and hands it to the
   * first waiting invocation. Skipped when no invocation needs it any more by then; an Init that
   * fails fails the first waiting invocation with its error.
   */
  private async launch(functionName: string, state: FunctionState, urgent: boolean): Promise<void> {
    let environment: ExecutionEnvironment | undefined;
    try {
      // One set of options for both: the key a leftover is found by, and a new environment.
      const bundle = await this.code.bundle(functionName);
      const options = this.environmentOptions(functionName, bundle);
      // An environment an earlier pool left (keepWarm) that this one would start just the same.
      const left = this.options.keepWarm && !this.stopped ? take(environmentKey(options)) : undefined;
      if (left) {
        // Warm: its Init ran in an earlier pool.
        left.handOver((dead) => void this.discard(dead), this.options.enforceTimeouts !== false, this.output);
        this.all.add(left);
        this.code.startedOn(left, bundle);
        state.launching -= 1;
        this.release(left, state);
        return;
      }
      await this.initGate.enter(urgent);
      try {
        if (this.stopped || state.waiters.length <= state.initializing) throw new Skipped();
        state.initializing += 1;
        try {
          environment = new ExecutionEnvironment({
            ...options,
            onDeath: (dead) => void this.discard(dead),
            output: this.output,
          });
          this.all.add(environment);
          this.code.startedOn(environment, bundle);
          const initMs = await environment.init();
          state.stats.coldStarts += 1;
          state.stats.initDurationMs += initMs;
          state.stats.maxInitDurationMs = Math.max(state.stats.maxInitDurationMs, initMs);
        } finally {
          state.initializing -= 1;
        }
      } finally {
        this.initGate.leave();
      }
    } catch (error) {
      state.launching -= 1;
      // The invocation that waited for this Init fails with its error (and counts it).
      if (!(error instanceof Skipped)) state.waiters.shift()?.reject(error as Error);
      if (environment) await this.discard(environment);
      else this.retire(functionName, state);
      return;
    }
    state.launching -= 1;
    this.release(environment, state);
  }

  /** A function's output outside its invocations, to the function's log. */
  private readonly output = (functionName: string, chunk: OutputChunk) => this.log.output(functionName, chunk);

  private environmentOptions(
    functionName: string,
    bundle: FunctionBundle,
  ): Omit<EnvironmentOptions, 'onDeath' | 'output'> {
    return {
      config: this.config,
      functionName,
      bundle,
      bootstrap: this.bootstrap,
      offline: { ...offlineEndpoints(), ...this.powertools },
      enforceTimeouts: this.options.enforceTimeouts !== false,
      initLimitMs: this.options.initLimitMs,
      // By default beside the build's bundles, and removed with the build (bundle.ts).
      compileCache:
        this.options.compileCache === false
          ? undefined
          : (this.options.compileCache ?? join(dirname(bundle.taskRoot), 'compile-cache')),
    };
  }

  /** After an invocation: to the first queued invocation, else idle until reused or shut down. */
  private release(environment: ExecutionEnvironment, state: FunctionState): void {
    if (this.stopped || environment.dead || !this.code.runsCurrent(environment)) {
      void this.discard(environment);
      return;
    }
    const waiter = state.waiters.shift();
    if (waiter) {
      waiter.resolve(environment);
      return;
    }
    environment.idle();
    state.idle.push(environment);
    environment.idleTimer = setTimeout(() => void this.discard(environment), this.options.idleTimeoutMs ?? 60_000);
    environment.idleTimer.unref();
  }

  /** Shuts an environment down for good (once), and lets a queued invocation start a new one. */
  private async discard(environment: ExecutionEnvironment): Promise<void> {
    if (!this.all.delete(environment)) return;
    const functionName = environment.functionName;
    const state = this.state(functionName);
    state.idle = state.idle.filter((other) => other !== environment);
    this.retire(functionName, state);
    await environment.terminate();
  }

  /** One environment fewer (gone, or never started); waiting invocations may need a new one. */
  private retire(functionName: string, state: FunctionState): void {
    state.live -= 1;
    state.stats.environments = state.live;
    this.grow(functionName, state);
  }
}

/** A launch no invocation needed any more by the time the init gate let it through. */
class Skipped extends Error {}
