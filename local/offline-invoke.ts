/**
 * Entry point of the offline runtime for `sls invoke local` (bundled and loaded by
 * local/serverless-plugin.cjs). It starts the whole embedded stack, so functions that start or
 * complete executions (createOrder, submitReview) reach a real state machine run. The invoked
 * function itself runs in the framework's process (with functionEnvironment and
 * sharedEnvironment); the functions the state machine and SNS call run in their own execution
 * environments (local/lambda/pool.ts), which bundle their handlers themselves.
 */
import { join } from 'node:path';
import { resolvedEnvironment } from './cloudformation';
import { startRuntime, type Runtime } from './runtime';

export interface OfflineInvoke {
  /** The invoked function's environment with CloudFormation references resolved. */
  functionEnvironment: Record<string, string>;
  /** What every function needs to reach the embedded stack. */
  sharedEnvironment: Record<string, string>;
  /** Lets executions started by the invocation run until they end or wait for a task token. */
  settle(): Promise<string[]>;
  stop(): Promise<void>;
}

function describeExecutions(runtime: Runtime): string[] {
  return runtime.runner.listExecutions().map((execution) => {
    const states = execution.trace.map((state) => `${state.compensation ? '↩ ' : ''}${state.name}`).join(' → ');
    const end =
      execution.status === 'RUNNING'
        ? `RUNNING, waiting at ${execution.trace.at(-1)?.name ?? '?'} for a task token. The offline runner lives only as long as this command: run the whole order with \`npm run workflow -- <scenario>\` to see a review complete.`
        : `${execution.status}${execution.error ? ` (${execution.error})` : ''}`;
    return `workflow ${execution.name}: ${states}\n  → ${end}`;
  });
}

export async function startOfflineInvoke(options: {
  root: string;
  stage: string;
  functionName: string;
}): Promise<OfflineInvoke> {
  const runtime = await startRuntime({
    root: options.root,
    stage: options.stage,
    // OFFLINE_DATA_DIR lets tests (and you) keep a separate database.
    dataDirectory: process.env.OFFLINE_DATA_DIR ?? join(options.root, '.local', 'dynamodb'),
    unref: true,
    // A single command cannot wait out a fulfilment window: Wait states pass at once here.
    skipWaitStates: true,
  });
  const functionEnvironment = resolvedEnvironment(runtime.stack.config, options.functionName);
  return {
    functionEnvironment,
    sharedEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: runtime.stack.dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SNS: runtime.messaging.endpoint,
      AWS_ENDPOINT_URL_SQS: runtime.messaging.endpoint,
      AWS_ENDPOINT_URL_SFN: runtime.sfn.url,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
    },
    async settle() {
      while (runtime.runner.busyExecutions().length > 0) {
        const tick = new Promise((resolve) => setTimeout(resolve, 50));
        await Promise.race([...runtime.runner.busyExecutions().map((e) => e.completion), tick]);
      }
      await runtime.messaging.drain();
      return describeExecutions(runtime);
    },
    stop: () => runtime.stop(),
  };
}
