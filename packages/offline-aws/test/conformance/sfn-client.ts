/**
 * What the Step Functions conformance tests share: the offline runtime running the package's own
 * fixture project (test/fixtures/sfn-project: two functions, a queue, a table, one state machine with a
 * version and an alias), its local endpoint, an `@aws-sdk/client-sfn` client pointed at it
 * (AWS_ENDPOINT_URL_SFN, as any AWS client would be), and helpers written with that client only.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime } from '../../src/runtime';
import { deployedFunctionName } from '../../src/serverless/cloudformation';
import { CapturedLines, TEST_INIT_LIMIT_MS } from '../../src/testing';

// The stack tests run as ES modules (jest-light-runner with tsx's loader).
export const SFN_PROJECT_ROOT = join(import.meta.dirname, '..', 'fixtures', 'sfn-project');
/** The stage the tests run the fixture project at (test/support/global-setup.ts builds its bundles for it). */
export const SFN_PROJECT_STAGE = 'test';

export interface Conformance {
  runtime: Runtime;
  sfn: SFNClient;
  /** Role ARN to create machines with (an IAM role ARN, as CreateStateMachine requires; never assumed offline). */
  roleArn: string;
  /** A fixture function's ARN as a definition names it (`echo`: succeeds, `refuse`: throws `Refused`). */
  functionArn(name: 'echo' | 'refuse'): string;
  /** The URL of the fixture's queue for callback tasks' tokens. */
  queueUrl: string;
}

export async function startConformance(): Promise<Conformance> {
  // A test run that shares one DynamoDB Local between its files names it here (the root project's
  // test/support/shared-dynamodb.ts): this stack gets tables of its own there, deleted when it stops.
  // On its own, the runtime starts a database.
  const sharedDynamoDb = process.env.TEST_DYNAMODB_ENDPOINT;
  const runtime = await startRuntime({
    root: SFN_PROJECT_ROOT,
    stage: SFN_PROJECT_STAGE,
    ...(sharedDynamoDb ? { dynamoDbEndpoint: sharedDynamoDb, tableSuffix: `-${randomUUID().slice(0, 8)}` } : {}),
    // An Init may take long on a busy machine; Retry intervals shortened to 5 ms.
    lambdas: { initLimitMs: TEST_INIT_LIMIT_MS },
    runner: { retryIntervalMs: 5 },
    // A line per invocation, kept rather than printed (the tests read histories, not lines).
    log: { print: new CapturedLines().print },
  });
  // disableHostPrefix: StartSyncExecution is sent to `sync-<host>` in AWS; locally there is one host.
  const sfn = new SFNClient({
    endpoint: process.env.AWS_ENDPOINT_URL_SFN,
    region: runtime.stack.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    disableHostPrefix: true,
  });
  const { config } = runtime.stack;
  return {
    runtime,
    sfn,
    roleArn: 'arn:aws:iam::123456789012:role/conformance',
    functionArn(name) {
      if (!config.functions[name]) throw new Error(`the fixture project has no function ${name}`);
      return `arn:aws:lambda:${config.region}:${config.accountId}:function:${deployedFunctionName(config, name)}`;
    },
    queueUrl: runtime.messaging.queueUrl(`sfn-conformance-${SFN_PROJECT_STAGE}-callbacks`),
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
/**
 * A callback Task (`.waitForTaskToken`) sending its token in an SQS message to the fixture project's
 * callbacks queue, where nextToken reads it; `extra` adds or overrides fields (End, Next, HeartbeatSeconds…).
 */
export const callbackTask = (c: Conformance, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  Parameters: { QueueUrl: c.queueUrl, MessageBody: { 'token.$': '$$.Task.Token' } },
  ...extra,
});

export async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

/** Pass, Choice, Wait, a Lambda Task (the fixture's echo, plain ARN) and Succeed/Fail. */
export const exampleFlow = (c: Conformance) => ({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { go: true }, ResultPath: '$.prepared', Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.prepared.go', BooleanEquals: true, Next: 'Pause' }],
      Default: 'Stop',
    },
    Pause: { Type: 'Wait', Seconds: 0, Next: 'Reserve' },
    Reserve: {
      Type: 'Task',
      Resource: c.functionArn('echo'),
      Parameters: { 'orderId.$': '$.orderId', items: [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 2599 }] },
      ResultPath: '$.reservation',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Stop: { Type: 'Fail', Error: 'Stopped', Cause: 'not going' },
  },
});

/**
 * Creates `definition`, runs it on `input` (any JSON text, not only an object), and waits for its
 * end. @returns DescribeExecution's answer, its `executionArn`, and `parsed`: the output as JSON.
 */
export async function runToEnd(c: Conformance, definition: object, input = '{}') {
  const stateMachineArn = await createMachine(c, definition);
  const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
  const executionArn = started.executionArn ?? '';
  const ended = await waitForEnd(c, executionArn);
  const parsed: unknown = ended.output === undefined ? undefined : JSON.parse(ended.output);
  return { ...ended, executionArn, parsed };
}
