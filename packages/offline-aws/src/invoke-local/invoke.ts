/**
 * Entry point of the offline runtime for `sls invoke local` (bundled and loaded by
 * src/serverless-plugin.cjs), kept small so that it loads fast. With `npm start` running (its
 * endpoints file, join.ts) the invocation joins that stack: its tables, topics and state
 * machine, so the effects are visible to everything else running locally and nothing has to start.
 * Otherwise `startOwnStack` (src/invoke-local/own-stack.ts, a bundle of its own loaded only then) starts
 * the whole embedded stack and stops it afterwards. The invoked function itself runs in the
 * framework's process, with functionEnvironment and sharedEnvironment.
 */
import { resolvedEnvironment } from '../serverless/cloudformation';
import { decideJoin, joinedEnvironment } from './join';
import { followLines } from './follow';
import { localInvocation, type LocalInvocation } from './invocation';
import { loadServerlessConfig } from '../serverless/config';

export interface OfflineInvoke {
  /**
   * The invoked function's environment with CloudFormation references resolved, and the variables
   * Lambda adds (invocation.environment).
   */
  functionEnvironment: Record<string, string>;
  /** The invocation's context and REPORT line (invocation.ts). */
  invocation: LocalInvocation;
  /** What every function needs to reach the embedded stack. */
  sharedEnvironment: Record<string, string>;
  /** Lets executions started by the invocation run until they end or wait for a task token. */
  settle(): Promise<string[]>;
  stop(): Promise<void>;
  /** The pid of the `npm start` whose stack the invocation joined; undefined when it started its own. */
  joined?: number;
}

export interface OfflineInvokeOptions {
  root: string;
  stage: string;
  functionName: string;
}

/** Credentials and Powertools choices every function gets offline. */
export const sharedDefaults = (): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
});

/**
 * Joins the running local stack, or starts one with `startOwnStack`.
 * @param startOwnStack starts the embedded stack for this invocation (own-stack.ts)
 */
export async function startOfflineInvoke(
  options: OfflineInvokeOptions,
  startOwnStack: (options: OfflineInvokeOptions) => Promise<OfflineInvoke>,
): Promise<OfflineInvoke> {
  const config = loadServerlessConfig({ root: options.root, stage: options.stage });
  const decision = await decideJoin(config, options.root);
  if (!decision.join) {
    if (decision.reason) process.stderr.write(`not joining the running local stack: ${decision.reason}\n`);
    return startOwnStack(options);
  }
  const { file } = decision;
  const invocation = localInvocation(config, options.functionName);
  const started = new Date();
  return {
    joined: file.pid,
    functionEnvironment: { ...resolvedEnvironment(config, options.functionName), ...invocation.environment },
    invocation,
    sharedEnvironment: { ...joinedEnvironment(file), ...sharedDefaults() },
    settle: () => followLines(file, config.region, started),
    stop: () => Promise.resolve(),
  };
}
