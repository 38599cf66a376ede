/**
 * One offline execution environment: a worker thread running src/lambda/bootstrap.cjs on one
 * function's bundle, with exactly that function's environment variables (environment.ts). It
 * follows "Understanding the Lambda execution environment lifecycle"
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): Init once (module
 * code, at most 10 s), then one invocation at a time; an invocation past the function's timeout
 * stops the environment for good (worker.terminate(): nothing it had still to do happens), as does
 * a crash, an exit or running out of memory. `dead` tells the pool not to reuse it.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutputChunk } from '../logs/function-logs';
import type { InvocationTrigger } from '../logs/lines';
import type { ServerlessConfig } from '../serverless/config';
import type { FunctionBundle } from './bundle';
import { functionEnvironment, functionIdentity, invocationContextData, newLogStreamName } from './environment';
import { LambdaFunctionError, LambdaTimeoutError, runtimeExit, type LambdaErrorPayload } from './errors';

/** Lambda limits the Init phase to 10 seconds (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html). */
export const INIT_LIMIT_MS = 10_000;

type WorkerMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'initError'; initDurationMs: number; error: LambdaErrorPayload }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; error: LambdaErrorPayload; fatal?: boolean };

export interface EnvironmentOptions {
  config: ServerlessConfig;
  functionName: string;
  bundle: FunctionBundle;
  /** Absolute path of bootstrap.cjs. */
  bootstrap: string;
  /** What offline adds to the function's variables (environment.ts functionEnvironment). */
  offline: Record<string, string>;
  /** Stop Init at `initLimitMs` and invocations at the function's timeout (default true). */
  enforceTimeouts: boolean;
  /** ms Init may take (default Lambda's 10 s). */
  initLimitMs?: number;
  /** Directory of V8's compile cache the environment reads and adds to (pool-options.ts `compileCache`). */
  compileCache?: string;
  /** Called once when the environment ends by itself (crash, exit), not by terminate(). */
  onDeath(environment: ExecutionEnvironment): void;
  /** Receives what the function writes outside any invocation (Init, or after an answer). */
  output?: FunctionOutput;
}

/** Where a function's output outside its invocations goes (LogSink.output). */
export type FunctionOutput = (functionName: string, chunk: OutputChunk) => void;

export interface InvokeOptions {
  /** The invocation's request id (default: a new one); an asynchronous event keeps one over its retries. */
  requestId?: string;
  /** Receives what the function writes to stdout and stderr during this invocation (LogType: Tail). */
  onLog?: (text: string) => void;
  /** What set the invocation off, for the stack's line about it (logs/lines.ts). */
  trigger?: InvocationTrigger;
}

/**
 * What makes two environments interchangeable: the same bundle and handler, the same variables
 * (all but the log stream's name, which is each environment's own) and the same function
 * configuration. A pool may hand an idle environment to another pool whose environment for the
 * function would have the same key (pool.ts `keepWarm`). The limits are not part of it: the Init
 * limit no longer applies to an environment past its Init, and the pool that takes one over
 * applies its own `enforceTimeouts` to its invocations (handOver).
 */
export function environmentKey(options: Omit<EnvironmentOptions, 'onDeath' | 'output'>): string {
  const { config, functionName, bundle, bootstrap, offline } = options;
  const placement = { taskRoot: bundle.taskRoot, runtimeDir: dirname(bootstrap), logStreamName: '' };
  return JSON.stringify({
    file: bundle.file,
    exportName: bundle.exportName,
    env: functionEnvironment(config, functionName, placement, offline),
    function: config.functions[functionName],
  });
}

/** Lambda's longest timeout, reported by the context when timeouts are not enforced. */
const MAX_TIMEOUT_SECONDS = 900;

export class ExecutionEnvironment {
  /** Invocations served so far (0: the next one is the cold start's). */
  served = 0;
  /** The Init duration (ms) once init() succeeded: the cold start its first invocation reports. */
  initDurationMs?: number;
  /** Stopped (timed out, crashed, exited or terminated): never to be used again. */
  dead = false;
  idleTimer?: NodeJS.Timeout;
  /** AWS_LAMBDA_LOG_STREAM_NAME, also the context's logStreamName: `YYYY/MM/DD/[$LATEST]<hex>`. */
  readonly logStreamName: string;
  private readonly worker: Worker;
  private waiting?: { resolve(message: WorkerMessage): void; reject(error: Error): void };
  private readonly created = performance.now();
  private requestId?: string;
  private onLog?: (text: string) => void;
  private computedKey?: string;
  private onDeath: (environment: ExecutionEnvironment) => void;
  private output?: FunctionOutput;
  /** Whether invocations stop at the function's timeout: the owning pool's setting (handOver). */
  private enforceTimeouts: boolean;

  /** environmentKey() of this environment, computed when first asked (only pools that keep warm ask). */
  get key(): string {
    this.computedKey ??= environmentKey(this.options);
    return this.computedKey;
  }

  get functionName(): string {
    return this.options.functionName;
  }

  /** Starts the worker; init() waits for its Init to end. */
  constructor(private readonly options: EnvironmentOptions) {
    const { config, functionName, bundle, bootstrap, offline } = options;
    this.logStreamName = newLogStreamName();
    const placement = { taskRoot: bundle.taskRoot, runtimeDir: dirname(bootstrap), logStreamName: this.logStreamName };
    const env = functionEnvironment(config, functionName, placement, offline);
    this.onDeath = options.onDeath;
    this.output = options.output;
    this.enforceTimeouts = options.enforceTimeouts;
    this.worker = new Worker(bootstrap, {
      env,
      workerData: {
        file: bundle.file,
        exportName: bundle.exportName,
        sourceMaps: (env.NODE_OPTIONS ?? '').includes('--enable-source-maps'),
        compileCache: options.compileCache,
      },
      // Not the host's Node flags (tsx's loader, jest's): the function's own come from its NODE_OPTIONS.
      execArgv: [],
      // The function's memory bounds its JS heap (Lambda bounds the whole sandbox).
      resourceLimits: { maxOldGenerationSizeMb: config.functions[functionName]?.memorySize ?? 1024 },
      // The function's output goes to its invocation's onLog, or outside one to `output`: never
      // to the host's terminal (the stack's log sink keeps it in the function's log file).
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.on('data', (chunk: Buffer) => this.onOutput(chunk));
    this.worker.stderr.on('data', (chunk: Buffer) => this.onOutput(chunk));
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => this.onExit(error.code, 1));
    this.worker.on('exit', (code) => this.onExit(undefined, code));
  }

  /**
   * Runs Init: the worker starts and loads the bundle (module code runs).
   * @returns the init duration in ms (worker start plus module init), from construction.
   * @throws LambdaFunctionError when module init throws (its error) or passes 10 s (Sandbox.Timedout);
   *   the environment is then stopped.
   */
  async init(): Promise<number> {
    try {
      const message = await this.next(
        this.options.enforceTimeouts ? (this.options.initLimitMs ?? INIT_LIMIT_MS) : undefined,
      );
      if (message.type === 'ready') {
        this.initDurationMs = performance.now() - this.created;
        return this.initDurationMs;
      }
      // initError, or an unhandled rejection during module init
      if (message.type !== 'result') throw new LambdaFunctionError(message.error);
      throw new Error('A result from an environment still in Init');
    } catch (error) {
      await this.terminate();
      throw error;
    }
  }

  /**
   * Runs one invocation: the event (JSON) in, the result (JSON) out.
   * @throws LambdaFunctionError with the function's error, LambdaTimeoutError at the timeout, or a
   *   Runtime.* error when the environment crashed; `dead` is then true unless it was a plain
   *   function error.
   */
  async invoke(payload: string, options: InvokeOptions = {}): Promise<string> {
    const identity = functionIdentity(this.options.config, this.options.functionName);
    const timeoutMs = (this.enforceTimeouts ? identity.timeout : MAX_TIMEOUT_SECONDS) * 1000;
    const requestId = options.requestId ?? randomUUID();
    this.requestId = requestId;
    this.onLog = options.onLog;
    this.served += 1;
    this.worker.ref();
    const answer = this.next(this.enforceTimeouts ? timeoutMs : undefined);
    this.worker.postMessage({
      type: 'invoke',
      requestId,
      payload,
      deadline: Date.now() + timeoutMs,
      context: invocationContextData(identity, requestId, this.logStreamName),
    });
    try {
      const message = await answer;
      if (message.type === 'result') return message.payload;
      if (message.type !== 'error') throw new Error(`Unexpected ${message.type} message from an environment`);
      if (message.fatal) await this.terminate();
      throw new LambdaFunctionError(message.error);
    } finally {
      this.requestId = undefined;
      this.onLog = undefined;
    }
  }

  private onOutput(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    if (this.onLog) this.onLog(text);
    else this.output?.(this.functionName, { at: Date.now(), text });
  }

  /**
   * Another pool takes this idle environment over: its death is reported there from now on, its
   * invocations follow that pool's `enforceTimeouts`, and its output goes to that pool's `output`.
   */
  handOver(
    onDeath: (environment: ExecutionEnvironment) => void,
    enforceTimeouts: boolean,
    output?: FunctionOutput,
  ): void {
    this.onDeath = onDeath;
    this.enforceTimeouts = enforceTimeouts;
    this.output = output;
  }

  /** Idle: the environment no longer keeps the process alive. */
  idle(): void {
    this.worker.unref();
  }

  /** Stops the worker at once; what it was doing does not continue. */
  async terminate(): Promise<void> {
    this.dead = true;
    clearTimeout(this.idleTimer);
    await this.worker.terminate().catch(() => undefined);
  }

  /** The next message (init's, or the invocation's answer), or Sandbox.Timedout after `limitMs`. */
  private next(limitMs: number | undefined): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const timer =
        limitMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiting = undefined;
              reject(new LambdaTimeoutError(this.requestId, performance.now() - started));
              void this.terminate();
            }, limitMs);
      const settle = () => {
        clearTimeout(timer);
        this.waiting = undefined;
      };
      this.waiting = {
        resolve: (message) => {
          settle();
          resolve(message);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
    });
  }

  private onMessage(message: WorkerMessage): void {
    if ((message.type === 'result' || message.type === 'error') && message.requestId !== this.requestId) return;
    this.waiting?.resolve(message); // nobody waits any more for an answer after a timeout
  }

  /** The worker crashed (`code`: e.g. ERR_WORKER_OUT_OF_MEMORY) or exited. */
  private onExit(code: string | undefined, exitCode: number): void {
    const cause = code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'exit';
    this.waiting?.reject(runtimeExit(this.requestId, cause, exitCode));
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idleTimer);
    this.onDeath(this);
  }
}
