/**
 * Runs a recorded case on the offline Step Functions in this process, through the package's own API
 * layer (src/sfn-api/operations.ts: the operations the local endpoint serves, without HTTP):
 * CreateStateMachine, StartExecution, the execution's end, DescribeExecution, GetExecutionHistory
 * (with its data), DeleteStateMachine; then puts the answer in the snapshot's form and judges it.
 */
import { randomUUID } from 'node:crypto';
import { StepFunctionsError } from '../../../src/engine/errors';
import { loadWorkflowDefinition } from '../../../src/engine/definition';
import { WorkflowRunner } from '../../../src/engine/runner';
import type { Json } from '../../../src/engine/query/types';
import type { Messaging } from '../../../src/messaging/messaging';
import { LOCAL_ACCOUNT_ID, type ServerlessConfig } from '../../../src/serverless/config';
import { handleOperation, type Body } from '../../../src/sfn-api/operations';
import { judge, terminalResult, type Event, type Verdict } from './compare';
import type { RecordedCase } from './corpus';
import { REGION, snapshotView, type ViewContext } from './snapshot-view';

export interface CaseResult {
  name: string;
  area: string;
  /** SAME: the local answer is AWS's (placeholders aside); DIFF: `first` says where it first differs. */
  verdict: 'SAME' | 'DIFF';
  first?: string;
  /**
   * The history's shape (ids, previousEventId, *Details flags; in the verdict in strict mode only):
   * `ok`, its first difference, or `n/a…` when the events themselves differ; absent when AWS's
   * history was not recorded.
   */
  shape?: string;
  /** Milliseconds from StartExecution to the execution's end. */
  ms: number;
}

export interface RunOptions {
  /** Count the history's shape in the verdict. */
  strict?: boolean;
  /** Milliseconds an execution may run before it is judged as it stands (RUNNING) and stopped. Default 20 s. */
  timeoutMs?: number;
}

const ROLE = 'arn:aws:iam::123456789012:role/aws-recorded';

/** Refuses what no recorded case calls: the corpus has no Task states (no Lambda, no messaging). */
function unused(what: string): never {
  throw new Error(`the recorded cases call no ${what}`);
}
const NO_MESSAGING = new Proxy({} as Messaging, { get: (_target, key) => unused(`messaging (${String(key)})`) });

/**
 * A runner as the runtime builds one (src/runtime.ts), for machines created through the API only:
 * its project machine is a one-state placeholder, Lambda and messaging refuse, retries wait 5 ms
 * (the recorded histories carry no times).
 */
export function recordedRunner(): WorkflowRunner {
  const config: ServerlessConfig = {
    root: import.meta.dirname,
    service: 'aws-recorded',
    stage: 'test',
    region: REGION,
    accountId: LOCAL_ACCOUNT_ID,
    functions: {},
    resources: {},
    stepFunctions: {
      stateMachines: { placeholder: { definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } } },
    },
    provider: {},
    custom: {},
    extensions: {},
  };
  return new WorkflowRunner(loadWorkflowDefinition(config), {
    config,
    invoke: () => Promise.reject(new Error('the recorded cases call no Lambda function')),
    messaging: NO_MESSAGING,
    retryIntervalMs: 5,
  });
}

/** An operation's answer as the endpoint sends it (JSON: `undefined` members dropped). */
const call = async (runner: WorkflowRunner, operation: string, body: Body): Promise<Body> =>
  JSON.parse(JSON.stringify(await handleOperation(runner, operation, body))) as Body;

/** `operation` refused: what the verdict says (AWS accepted it). @throws anything else. */
function refusal(operation: string, error: unknown, accepted: string): string {
  if (!(error instanceof StepFunctionsError)) throw error;
  return `${accepted}; ${operation} refused: ${error.name}: ${error.message}`;
}

async function history(runner: WorkflowRunner, executionArn: string): Promise<Body[]> {
  const events: Body[] = [];
  let nextToken: unknown;
  do {
    const body = { executionArn, maxResults: 1000, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) };
    const page = await call(runner, 'GetExecutionHistory', body);
    events.push(...(page.events as Body[]));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const timer = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(resolve, ms, 'timeout').unref());

let machines = 0;

/** Runs `kase` on `runner` and judges the answer. Never rejects for what the engine answers; rejects on a crash. */
export async function runCase(
  runner: WorkflowRunner,
  kase: RecordedCase,
  options: RunOptions = {},
): Promise<CaseResult> {
  const base = { name: kase.name, area: kase.area, ms: 0 };
  const diff = (first: string): CaseResult => ({ ...base, verdict: 'DIFF', first });
  machines += 1;
  const name = `aws-recorded-${machines}-${randomUUID().slice(0, 8)}`;
  let stateMachineArn: string;
  try {
    const created = await call(runner, 'CreateStateMachine', { name, definition: kase.definition, roleArn: ROLE });
    stateMachineArn = String(created.stateMachineArn);
  } catch (error) {
    return diff(`create: ${refusal('CreateStateMachine', error, 'AWS accepted the definition')}`);
  }
  try {
    let executionArn: string;
    try {
      const started = await call(runner, 'StartExecution', { stateMachineArn, input: kase.input });
      executionArn = String(started.executionArn);
    } catch (error) {
      return diff(`start: ${refusal('StartExecution', error, 'AWS started the execution')}`);
    }
    const t0 = Date.now();
    const execution = runner.getExecution(executionArn);
    // A case AWS recorded as RUNNING is judged after 2 s, as it stands.
    const bound = kase.expected.status === 'RUNNING' ? 2000 : (options.timeoutMs ?? 20_000);
    await Promise.race([execution.completion, timer(bound)]);
    const ms = Date.now() - t0;
    const described = await call(runner, 'DescribeExecution', { executionArn });
    const events = await history(runner, executionArn);
    if (described.status === 'RUNNING') await call(runner, 'StopExecution', { executionArn });
    const context: ViewContext = {
      names: [
        [ROLE, kase.compare.roleArnReplacement ?? 'snf_role_arn'],
        [name, '<ArnPart_0idx>'],
        [executionArn.split(':').pop() ?? '', '<ExecArnPart_0idx>'],
      ],
      account: stateMachineArn.split(':')[4] ?? '',
    };
    const raw = events.map(({ timestamp: _timestamp, ...event }) => event) as Json;
    const local = snapshotView({ events: raw }, context, kase) as { events: Event[] };
    const { output, error, cause } = described;
    const result =
      terminalResult(local.events) ?? (snapshotView({ output, error, cause } as Json, context, kase) as Body);
    const verdict: Verdict = judge(
      kase,
      { status: String(described.status), result, events: local.events },
      options.strict,
    );
    return { ...base, ms, verdict: verdict.same ? 'SAME' : 'DIFF', first: verdict.first, shape: verdict.stages.shape };
  } finally {
    await call(runner, 'DeleteStateMachine', { stateMachineArn }).catch((error: unknown) => refusal('', error, ''));
  }
}
