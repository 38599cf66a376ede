/**
 * The whole offline system in one process: DynamoDB Local with every table, the SNS/SQS emulator
 * with every topic, queue and SNS→Lambda subscription, the state machine runner and its local
 * Step Functions endpoint. The real handlers run unchanged, bundled, each function in its own
 * execution environments (worker threads with its own variables: src/lambda/pool.ts); only
 * AWS_ENDPOINT_URL_* differ.
 */
import { join } from 'node:path';
import type { AsyncInvocationOptions } from './lambda/async-invocation';
import { LogSink, type LogOptions } from './logs/sink';
import type { InvokeOptions } from './lambda/execution-environment';
import { startLambdaEndpoint, type LambdaEndpoint } from './lambda/lambda-endpoint';
import { LambdaPool, type LambdaPoolOptions } from './lambda/pool';
import type { FunctionStats } from './lambda/stats';
import { startMessaging, type Messaging } from './messaging/messaging';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './dynamodb/stack';
import { loadWorkflowDefinition, loadProjectWorkflows } from './engine/definition';
import { FaultInjector, type FaultSpec } from './engine/faults';
import { WorkflowRunner, type RunnerOptions } from './engine/runner';
import { startSfnEndpoint, type SfnEndpoint } from './sfn-api/endpoint';
import { startLocalLogs, type LocalLogs } from './logs-api/local-logs';
import { watchProject, type ProjectWatcher, type WatchOptions } from './watch/project-watch';
import { startStatusEvents, type StatusEvents, type StatusEventsOptions } from './events/status-events';
import { startAlarms } from './alarms/start';
import { prepareDataDirectory } from './data-directory';
import type { QueueAlarms } from './alarms/queue-alarms';
import { JOURNAL_FILE, keepJournal, type ExecutionJournal } from './engine/journal';

/** How long a stop waits for the aborted executions' status events to be handled (ms). */
const STOP_SETTLE_MS = 5_000;

/** Runs `work`, giving up waiting for it after `ms` (it goes on in the background). */
async function settleWithin(ms: number, work: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

export interface RuntimeOptions extends LocalStackOptions {
  runner?: Omit<RunnerOptions, 'invoke' | 'messaging'>;
  /** Let every Wait state pass at once (single commands such as `sls invoke local`). */
  skipWaitStates?: boolean;
  /**
   * Stop a handler at its configured timeout with `Sandbox.Timedout`, as Lambda does (default
   * true). Load tests turn it off: hundreds of "Lambdas" sharing one process and two cores queue
   * for CPU in a way separate Lambda instances would not.
   */
  lambdaTimeouts?: boolean;
  /** Execution environments: concurrency per function, overflow, idle time (src/lambda/pool.ts). */
  lambdas?: Omit<LambdaPoolOptions, 'enforceTimeouts'>;
  /** Retry waits of asynchronous invocations (SNS → Lambda); AWS's (1 and 2 minutes) by default. */
  asyncInvocation?: AsyncInvocationOptions;
  /** Faults to inject into the calls of the runner's Task states (`--fail`). */
  faults?: FaultSpec[];
  /** ms between evaluations of the alarms on queue depth (src/alarms/queue-alarms.ts; default 1000). */
  alarmIntervalMs?: number;
  /**
   * Fixed ports on 127.0.0.1 for the SNS/SQS emulator, the Step Functions endpoint and the Lambda
   * endpoint, the Lambda endpoint and the CloudWatch Logs endpoint (default: free ones). A port in
   * use fails the start with EADDRINUSE.
   */
  ports?: { messaging?: number; stepFunctions?: number; lambda?: number; logs?: number };
  /**
   * Watch the project and apply edits while it runs (src/watch/project-watch.ts): rebuilt
   * functions, reloaded definitions, each reported to `onEvent`. Off by default.
   */
  watch?: WatchOptions;
  /**
   * Where output goes (logs/sink.ts): the stack's own lines (one per invocation, ≤ 200 characters)
   * to `print` (default stderr), the functions' output to `<directory>/<function>.log` (default
   * `<root>/.local/logs`; `false`: kept nowhere).
   */
  log?: LogOptions;
  /** Step Functions status-change events to the EventBridge rules (src/events/): the retry backoff. */
  events?: StatusEventsOptions;
  /**
   * Keep the data across restarts in this directory (`npm start -- --data <dir>`): DynamoDB Local's
   * tables (`dynamodb/`, its file mode), the SNS/SQS/S3 emulator's state (`messaging/`, its SQLite
   * persistence) and the executions' records and histories (`executions.json`, engine/journal.ts).
   * Without it everything is in memory.
   */
  data?: string;
}

export interface Runtime {
  stack: LocalStack;
  messaging: Messaging;
  runner: WorkflowRunner;
  sfn: SfnEndpoint;
  /** The local CloudWatch Logs endpoint and its store, with the state machines' execution logs. */
  logs: LocalLogs;
  /** The local Lambda endpoint (Invoke API) running the functions in their environments. */
  lambdaEndpoint: LambdaEndpoint;
  faults: FaultInjector;
  /** Step Functions' status-change events and their deliveries to the EventBridge rules. */
  events: StatusEvents;
  /** The CloudWatch alarms on the project's queues' depth, evaluated offline (src/alarms/). */
  alarms: QueueAlarms;
  /**
   * Lambda invocations (any trigger) and their summed handler duration (ms) since the last reset;
   * `functions`: per function, with cold starts and init durations.
   */
  lambdaStats: LambdaStats;
  /** The execution environments the functions run in. */
  lambdas: LambdaPool;
  /** The project watcher, when `watch` was asked for. */
  watcher?: ProjectWatcher;
  /** The stack's output: its lines (`log.print`, also for servers started beside it) and the functions' logs. */
  log: LogSink;
  /** Invokes a Task function as the state machine does: with the injected faults (redrive uses it too). */
  invokeTask(functionName: string, payload: unknown): Promise<unknown>;
  /**
   * Invokes a function's real handler in one of its execution environments, with Lambda's timeout.
   * @throws LambdaFunctionError (name = the errorType) when it fails, times out or is throttled.
   */
  invoke(functionName: string, event: unknown, options?: InvokeOptions): Promise<unknown>;
  stop(): Promise<void>;
}

export interface LambdaStats {
  readonly invocations: number;
  readonly durationMs: number;
  readonly functions: Record<string, FunctionStats>;
  reset(): void;
}

export { LambdaTimeoutError, LambdaFunctionError, TooManyRequestsException } from './lambda/errors';

/** The pool's counters, summed over functions where a total is asked for. */
function statsOf(pool: LambdaPool): LambdaStats {
  const total = (key: 'invocations' | 'durationMs') =>
    Object.values(pool.stats()).reduce((sum, stats) => sum + stats[key], 0);
  return {
    get invocations() {
      return total('invocations');
    },
    get durationMs() {
      return total('durationMs');
    },
    get functions() {
      return pool.stats();
    },
    reset: () => pool.resetStats(),
  };
}

export async function startRuntime(given: RuntimeOptions = {}): Promise<Runtime> {
  // An absolute, writable directory (DynamoDB Local runs elsewhere: a relative path would move).
  const options = given.data === undefined ? given : { ...given, data: prepareDataDirectory(given.data) };
  const stack = await startLocalStack(
    options.data === undefined ? options : { ...options, dataDirectory: join(options.data, 'dynamodb') },
  );
  const { config } = stack;
  const directory = options.log?.directory ?? join(config.root, '.local', 'logs');
  const log = new LogSink({ print: options.log?.print, directory: directory === false ? undefined : directory });
  const lambdas = new LambdaPool(config, {
    ...options.lambdas,
    enforceTimeouts: options.lambdaTimeouts !== false,
    log,
  });
  const lambdaStats = statsOf(lambdas);
  const invoke = (functionName: string, event: unknown, invokeOptions?: InvokeOptions): Promise<unknown> =>
    lambdas.invoke(functionName, event, invokeOptions);

  let messaging: Messaging | undefined;
  let sfn: SfnEndpoint | undefined;
  let logs: LocalLogs | undefined;
  let lambdaEndpoint: LambdaEndpoint | undefined;
  let watcher: ProjectWatcher | undefined;
  let events: StatusEvents | undefined;
  let alarms: QueueAlarms | undefined;
  let journal: ExecutionJournal | undefined;
  try {
    messaging = await startMessaging(config, invoke, {
      ...(options.data === undefined ? {} : { dataDirectory: join(options.data, 'messaging') }),
      asyncInvocation: options.asyncInvocation,
      port: options.ports?.messaging,
      print: (line) => log.print(line),
    });
    const workflow = loadWorkflowDefinition(config);
    const waitOverridesMs = options.skipWaitStates
      ? Object.fromEntries([...workflow.states.values()].filter((s) => s.type === 'Wait').map((s) => [s.name, 0]))
      : options.runner?.waitOverridesMs;
    const faults = new FaultInjector(options.faults ?? []);
    const runner = new WorkflowRunner(workflow, {
      ...options.runner,
      waitOverridesMs,
      config,
      invoke: (functionName, payload, stateName, call) =>
        invoke(functionName, payload, {
          trigger: call
            ? { label: `${call.executionArn.split(':').pop() ?? ''}/${stateName}`, ...call, stateName }
            : { label: stateName },
        }),
      faults,
      messaging,
      projectChildren: loadProjectWorkflows(config).slice(1),
    });
    events = startStatusEvents(config, runner, messaging, { ...options.events, print: (line) => log.print(line) });
    alarms = startAlarms(config, messaging, options.alarmIntervalMs, (line) => log.print(line));
    logs = await startLocalLogs(config, runner, { port: options.ports?.logs, print: (line) => log.print(line) });
    sfn = await startSfnEndpoint(runner, options.ports?.stepFunctions);
    process.env.AWS_ENDPOINT_URL_SFN = sfn.url;
    lambdaEndpoint = await startLambdaEndpoint({
      config,
      invoke,
      asyncInvocations: messaging.asyncInvocations,
      port: options.ports?.lambda,
    });
    // Functions that invoke others (the SDK's LambdaClient) reach the local endpoint, as they reach
    // the others through AWS_ENDPOINT_URL_SFN / _SNS / _DYNAMODB.
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaEndpoint.url;
    // Last: restoring may end executions (ABORTED), whose events reach the rules' functions.
    if (options.data !== undefined) {
      journal = keepJournal(runner, join(options.data, JOURNAL_FILE), (line) => log.print(line));
    }
    if (options.watch) {
      const load = { root: config.root, stage: options.stage };
      const targets = { config, load, lambdas, runner, cacheDir: options.lambdas?.cacheDir };
      watcher = await watchProject(targets, options.watch);
    }
    const started = { messaging, sfn, logs, lambdaEndpoint, watcher, events, alarms };
    return {
      stack,
      messaging,
      runner,
      sfn,
      logs,
      lambdaEndpoint,
      faults,
      events,
      alarms,
      lambdaStats,
      lambdas,
      watcher,
      log,
      invoke,
      invokeTask: (functionName, payload) =>
        faults.apply({ stateName: functionName, functionName, kind: 'lambda' }, () => invoke(functionName, payload)),
      async stop() {
        await started.watcher?.stop();
        await runner.abortAll();
        // The aborted executions' status events reach the rules' functions (a reconciler) before
        // the stack goes, within a bound: a function failing into Lambda's retry waits is not waited for.
        await settleWithin(STOP_SETTLE_MS, async () => {
          await started.events.drain();
          await started.messaging.drain();
        });
        journal?.flush();
        journal?.stop();
        started.events.stop();
        started.alarms.stop();
        await started.lambdaEndpoint.stop();
        await started.sfn.stop();
        await started.logs.stop();
        await started.messaging.stop();
        await lambdas.stop();
        await stack.stop();
      },
    };
  } catch (error) {
    journal?.stop();
    events?.stop();
    alarms?.stop();
    await watcher?.stop();
    await lambdaEndpoint?.stop();
    await sfn?.stop();
    await logs?.stop();
    await messaging?.stop();
    await lambdas.stop();
    await stack.stop();
    throw error;
  }
}
