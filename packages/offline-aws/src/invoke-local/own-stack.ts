/**
 * `sls invoke local` with no local stack running: the whole embedded stack for one invocation
 * (bundled and loaded by src/serverless-plugin.cjs only then), so functions that start or
 * complete executions (createOrder, submitReview) reach a real state machine run. The functions the
 * state machine and SNS call run in their own execution environments (src/lambda/pool.ts), which
 * bundle their handlers themselves.
 */
import { join } from 'node:path';
import { resolvedEnvironment } from '../serverless/cloudformation';
import { sharedDefaults, type OfflineInvoke, type OfflineInvokeOptions } from './invoke';
import { localInvocation } from './invocation';
import { childRuns } from '../cost/express';
import type { Execution } from '../engine/runner';
import { startRuntime, type Runtime } from '../runtime';

const statesOf = (execution: Execution) =>
  execution.trace.map((state) => `${state.compensation ? '↩ ' : ''}${state.name}`).join(' → ');

/**
 * Each execution this command ran, its `.sync` children (the saga's Express children) under the
 * parent that started them: `↳ <machine>: <states> → <status>`.
 */
function describeExecutions(runtime: Runtime): string[] {
  const executions = runtime.runner.listExecutions();
  const byArn = new Map(executions.map((execution) => [execution.executionArn, execution]));
  const childrenOf = (execution: Execution) =>
    childRuns(execution.history.events).flatMap((run) => byArn.get(run.executionArn) ?? []);
  const children = new Set(executions.flatMap(childrenOf));
  return executions
    .filter((execution) => !children.has(execution))
    .map((execution) => {
      const end =
        execution.status === 'RUNNING'
          ? `RUNNING, waiting at ${execution.trace.at(-1)?.name ?? '?'} for a task token. The offline runner lives only as long as this command: start the project's stack (it keeps running) and invoke again to join it, and the execution waits there for its token.`
          : `${execution.status}${execution.error ? ` (${execution.error})` : ''}`;
      const nested = childrenOf(execution).map(
        (child) =>
          `\n  ↳ ${child.stateMachineArn.split(':')[6] ?? ''}: ${statesOf(child)} → ${child.status}${child.error ? ` (${child.error})` : ''}`,
      );
      return `workflow ${execution.name}: ${statesOf(execution)}${nested.join('')}\n  → ${end}`;
    });
}

export async function startOwnStack(options: OfflineInvokeOptions): Promise<OfflineInvoke> {
  const runtime = await startRuntime({
    root: options.root,
    stage: options.stage,
    // OFFLINE_DATA_DIR lets tests (and you) keep a separate database.
    dataDirectory: process.env.OFFLINE_DATA_DIR ?? join(options.root, '.local', 'dynamodb'),
    unref: true,
    shortLived: true,
    // A single command cannot wait out a fulfilment window: Wait states pass at once here.
    skipWaitStates: true,
    // Nor Lambda's retry waits (1 and 2 minutes) for an SNS delivery that failed: retried at once.
    asyncInvocation: { retryDelaysMs: [0, 0] },
  });
  const invocation = localInvocation(runtime.stack.config, options.functionName);
  return {
    functionEnvironment: {
      ...resolvedEnvironment(runtime.stack.config, options.functionName),
      ...invocation.environment,
    },
    invocation,
    sharedEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: runtime.stack.dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SNS: runtime.messaging.endpoint,
      AWS_ENDPOINT_URL_SQS: runtime.messaging.endpoint,
      AWS_ENDPOINT_URL_SFN: runtime.sfn.url,
      AWS_ENDPOINT_URL_LAMBDA: runtime.lambdaEndpoint.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: runtime.logs.url,
      ...sharedDefaults(),
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
