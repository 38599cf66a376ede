/**
 * What the Step Functions conformance tests share: the offline runtime with its local endpoint, an
 * `@aws-sdk/client-sfn` client pointed at it (AWS_ENDPOINT_URL_SFN, as any AWS client would be), and
 * helpers written with that client only. The project's own state machine is found through
 * ListStateMachines / DescribeStateMachine: its definition names the real function ARNs, the
 * queue URL and the region the tests reuse.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { Runtime } from 'offline-aws/runtime';
import { startTestRuntime } from '../support/runtime';

export interface Conformance {
  runtime: Runtime;
  sfn: SFNClient;
  /** Role ARN to create machines with (never checked offline, required by the API). */
  roleArn: string;
  /** A project function's ARN as the project's definition names it (`reserveInventory`, …). */
  functionArn(name: string): string;
  /** The compensation dead-letter queue's URL, as the project's definition names it. */
  queueUrl: string;
  /** The stage prefix of the project's resources (`order-processing-dev`). */
  prefix: string;
}

export async function startConformance(): Promise<Conformance> {
  const runtime = await startTestRuntime();
  // disableHostPrefix: StartSyncExecution is sent to `sync-<host>` in AWS; locally there is one host.
  const sfn = new SFNClient({
    endpoint: process.env.AWS_ENDPOINT_URL_SFN,
    region: 'eu-west-1',
    maxAttempts: 1,
    disableHostPrefix: true,
  });
  const listed = await sfn.send(new ListStateMachinesCommand({}));
  const project = await sfn.send(
    new DescribeStateMachineCommand({ stateMachineArn: listed.stateMachines?.[0]?.stateMachineArn }),
  );
  const text = project.definition ?? '';
  const arns = [...new Set(text.match(/arn:aws:lambda:[^"]+/g) ?? [])];
  const definition = JSON.parse(text) as { States: Record<string, { Parameters?: { QueueUrl?: string } }> };
  const prefix = /function:(.+)-[A-Za-z]+$/.exec(arns[0] ?? '')?.[1] ?? '';
  return {
    runtime,
    sfn,
    roleArn: 'arn:aws:iam::123456789012:role/conformance',
    functionArn(name) {
      const arn = arns.find((candidate) => candidate.endsWith(`-${name}`));
      if (!arn) throw new Error(`the project's definition calls no function ${name}`);
      return arn;
    },
    queueUrl: String(definition.States.SendToDeadLetterQueue?.Parameters?.QueueUrl),
    prefix,
  };
}

let machines = 0;
/** Creates a state machine from a definition object; returns its ARN. */
export async function createMachine(
  c: Conformance,
  definition: object,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): Promise<string> {
  machines += 1;
  const created = await c.sfn.send(
    new CreateStateMachineCommand({
      name: `conformance-${machines}-${Date.now()}`,
      definition: JSON.stringify(definition),
      roleArn: c.roleArn,
      type,
    }),
  );
  return created.stateMachineArn ?? '';
}

export async function start(c: Conformance, stateMachineArn: string, input: object = {}, name?: string) {
  const started = await c.sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name ? { name } : {}) }),
  );
  return started.executionArn ?? '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls DescribeExecution (as a client would) until the execution is no longer RUNNING. */
export async function waitForEnd(c: Conformance, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let i = 0; i < 400; i += 1) {
    const described = await c.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await sleep(25);
  }
  throw new Error(`${executionArn} still running`);
}

export async function history(c: Conformance, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await c.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * Polls the history until a callback task's TaskScheduled event appears beyond the `seen` ones,
 * and returns the token its parameters carry (the `token` field of the message body).
 */
export async function nextToken(c: Conformance, executionArn: string, seen: readonly string[] = []): Promise<string> {
  for (let i = 0; i < 400; i += 1) {
    for (const event of await history(c, executionArn)) {
      const parameters = event.taskScheduledEventDetails?.parameters;
      if (!parameters) continue;
      const body = (JSON.parse(parameters) as { MessageBody?: { token?: string } }).MessageBody;
      if (body?.token && !seen.includes(body.token)) return body.token;
    }
    await sleep(25);
  }
  throw new Error(`${executionArn}: no new task token`);
}

/** The error code an SDK call is rejected with (the exception class's name). */
export async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}
