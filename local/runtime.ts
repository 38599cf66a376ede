/**
 * The whole offline system in one process: DynamoDB Local with every table, the SNS/SQS emulator
 * with every topic, queue and SNS→Lambda subscription, the state machine runner and its local
 * Step Functions endpoint. The real handlers run unchanged: only AWS_ENDPOINT_URL_* differ.
 */
import { invokeFunction } from './lambda';
import { startMessaging, type Messaging } from './messaging';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './stack';
import { loadWorkflowDefinition } from './workflow/definition';
import { FaultInjector, type FaultSpec } from './workflow/faults';
import { WorkflowRunner, type RunnerOptions } from './workflow/runner';
import { startSfnEndpoint, type SfnEndpoint } from './workflow/sfn-endpoint';

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
  /** Faults to inject into the calls of the runner's Task states (`--fail`). */
  faults?: FaultSpec[];
}

export interface Runtime {
  stack: LocalStack;
  messaging: Messaging;
  runner: WorkflowRunner;
  sfn: SfnEndpoint;
  faults: FaultInjector;
  /** URL (in the emulator) of the compensation dead-letter queue. */
  deadLetterQueueUrl: string;
  /** Name of the ops-alerts topic (AlertOperations publishes there). */
  opsAlertsTopic: string;
  /** Lambda invocations (any trigger) and their summed duration since the last reset. */
  lambdaStats: { invocations: number; durationMs: number; reset(): void };
  /** Invokes a Task function as the state machine does: with the injected faults (redrive uses it too). */
  invokeTask(functionName: string, payload: unknown): Promise<unknown>;
  /** Invokes a function's real handler, with Lambda's timeout. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Lambda stops a function at its timeout with `Sandbox.Timedout`; so does the runtime. */
export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

/** The queue SendToDeadLetterQueue writes to (its QueueUrl is a Ref in the definition). */
function deadLetterQueueName(config: LocalStack['config']): string {
  const name = config.resources.CompensationDeadLetterQueue?.Properties?.QueueName;
  if (typeof name !== 'string') throw new Error('serverless.yml declares no CompensationDeadLetterQueue');
  return name;
}

/** The topic AlertOperations publishes to. */
function opsAlertsTopicName(config: LocalStack['config']): string {
  const name = config.resources.OpsAlertsTopic?.Properties?.TopicName;
  if (typeof name !== 'string') throw new Error('serverless.yml declares no OpsAlertsTopic');
  return name;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const stack = await startLocalStack(options);
  const { config } = stack;
  const lambdaStats = {
    invocations: 0,
    durationMs: 0,
    reset() {
      lambdaStats.invocations = 0;
      lambdaStats.durationMs = 0;
    },
  };
  const invoke = async (functionName: string, event: unknown): Promise<unknown> => {
    lambdaStats.invocations += 1;
    const started = performance.now();
    if (options.lambdaTimeouts === false) {
      try {
        return await invokeFunction(config, functionName, event, { enforceTimeout: false });
      } finally {
        lambdaStats.durationMs += performance.now() - started;
      }
    }
    const timeoutMs = (config.functions[functionName]?.timeout ?? 6) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`${functionName} timed out after ${timeoutMs / 1000} seconds`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([invokeFunction(config, functionName, event), timeout]);
    } finally {
      clearTimeout(timer);
      lambdaStats.durationMs += performance.now() - started;
    }
  };

  let messaging: Messaging | undefined;
  let sfn: SfnEndpoint | undefined;
  try {
    messaging = await startMessaging(config, invoke);
    const workflow = loadWorkflowDefinition(config);
    const waitOverridesMs = options.skipWaitStates
      ? Object.fromEntries([...workflow.states.values()].filter((s) => s.type === 'Wait').map((s) => [s.name, 0]))
      : options.runner?.waitOverridesMs;
    const faults = new FaultInjector(options.faults ?? []);
    const runner = new WorkflowRunner(workflow, {
      ...options.runner,
      waitOverridesMs,
      config,
      invoke: (functionName, payload) => invoke(functionName, payload),
      faults,
      messaging,
    });
    const deadLetterQueueUrl = messaging.queueUrl(deadLetterQueueName(config));
    sfn = await startSfnEndpoint(runner);
    process.env.AWS_ENDPOINT_URL_SFN = sfn.url;
    const started = { messaging, sfn };
    return {
      stack,
      messaging,
      runner,
      sfn,
      faults,
      deadLetterQueueUrl,
      opsAlertsTopic: opsAlertsTopicName(config),
      lambdaStats,
      invoke,
      invokeTask: (functionName, payload) =>
        faults.apply({ stateName: functionName, functionName, kind: 'lambda' }, () => invoke(functionName, payload)),
      async stop() {
        await runner.abortAll();
        await started.sfn.stop();
        await started.messaging.stop();
        await stack.stop();
      },
    };
  } catch (error) {
    await sfn?.stop();
    await messaging?.stop();
    await stack.stop();
    throw error;
  }
}
