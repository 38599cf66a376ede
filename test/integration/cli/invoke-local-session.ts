/**
 * One `sls invoke local` session without the framework, run in a worker thread of its own (fresh
 * modules, as in a new process, so the handlers' SDK clients find this session's database): the
 * plugin's offline runtime started on OFFLINE_DATA_DIR, the function's environment and the shared
 * one put in the process as the framework does (packages/offline-aws/src/serverless-plugin.cjs), each handler called
 * in this thread and the executions it started settled, then everything stopped.
 *
 * workerData: `{ root, invocations: [functionName, eventFile][] }`. Posts one outcome per
 * invocation: `{ result }` or `{ error: { name, message } }`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { startOwnStack } from 'offline-aws/invoke-local/own-stack';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { fakeContext } from '../../support/lambda-context';

export interface SessionOutcome {
  result?: Record<string, unknown>;
  error?: { name: string; message: string };
}

const { root, invocations } = workerData as { root: string; invocations: [string, string][] };

async function session(): Promise<SessionOutcome[]> {
  const outcomes: SessionOutcome[] = [];
  // What the plugin runs when there is no local stack to join (packages/offline-aws/src/invoke-local/invoke.ts).
  const config = loadServerlessConfig({ root });
  const [first = ''] = invocations.map(([functionName]) => functionName);
  const offline = await startOwnStack({ root, stage: 'dev', functionName: first });
  try {
    for (const [functionName, eventFile] of invocations) {
      const event = JSON.parse(readFileSync(join(root, eventFile), 'utf8')) as unknown;
      const outcome: SessionOutcome = {};
      try {
        Object.assign(process.env, offline.sharedEnvironment, offline.functionEnvironment);
        const handlerPath = config.functions[functionName]?.handler ?? '';
        const dot = handlerPath.lastIndexOf('.');
        const module = (await import(join(root, handlerPath.slice(0, dot)))) as Record<string, unknown>;
        const handler = module[handlerPath.slice(dot + 1)] as (event: unknown, context: Context) => Promise<unknown>;
        outcome.result = (await handler(event, fakeContext(functionName))) as Record<string, unknown>;
      } catch (error) {
        outcome.error = { name: (error as Error).name, message: (error as Error).message };
      }
      await offline.settle();
      outcomes.push(outcome);
    }
  } finally {
    await offline.stop();
  }
  return outcomes;
}

parentPort?.postMessage(await session());
