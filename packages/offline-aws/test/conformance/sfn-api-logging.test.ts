/**
 * Step Functions' execution logging to CloudWatch Logs and Express executions, which are visible
 * only there, through `@aws-sdk/client-sfn` and `@aws-sdk/client-cloudwatch-logs` only (each client
 * pointed at its AWS_ENDPOINT_URL_* as any AWS client would be):
 * - the log event format and stream names of "Using CloudWatch Logs to log execution history in
 *   Step Functions" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html);
 * - what each level logs (https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html);
 * - DescribeExecution, GetExecutionHistory, DescribeStateMachineForExecution and StopExecution
 *   refusing an Express execution ("This API action is not supported by EXPRESS state machines",
 *   https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  type LogLevel,
} from '@aws-sdk/client-sfn';
import { start, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
let logs: CloudWatchLogsClient;
beforeAll(async () => {
  c = await startConformance();
  logs = new CloudWatchLogsClient({
    endpoint: process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
    region: c.runtime.stack.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}, 240_000);
afterAll(async () => {
  logs?.destroy();
  await c?.runtime.stop();
});

interface LogMessage {
  id: string;
  type: string;
  details?: Record<string, unknown>;
  previous_event_id: string;
  event_timestamp: string;
  execution_arn: string;
  redrive_count: string;
}

let machines = 0;
/** A log group and a machine logging to it at `level`; returns both. */
async function loggedMachine(
  definition: object,
  level: LogLevel,
  includeExecutionData: boolean,
  type: 'EXPRESS' | 'STANDARD' = 'EXPRESS',
): Promise<{ stateMachineArn: string; logGroupName: string; name: string }> {
  machines += 1;
  const name = `logged-${machines}-${Date.now()}`;
  const logGroupName = `/aws/vendedlogs/states/${name}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  const { config } = c.runtime.stack;
  const created = await c.sfn.send(
    new CreateStateMachineCommand({
      name,
      type,
      roleArn: c.roleArn,
      definition: JSON.stringify(definition),
      loggingConfiguration: {
        level,
        includeExecutionData,
        destinations: [
          {
            cloudWatchLogsLogGroup: {
              logGroupArn: `arn:aws:logs:${config.region}:${config.accountId}:log-group:${logGroupName}:*`,
            },
          },
        ],
      },
    }),
  );
  return { stateMachineArn: created.stateMachineArn ?? '', logGroupName, name };
}

/** The execution's log events, as the console's link to CloudWatch Logs filters them. */
async function logged(logGroupName: string, executionArn: string) {
  const answer = await logs.send(
    new FilterLogEventsCommand({ logGroupName, filterPattern: `{ $.execution_arn = "${executionArn}" }` }),
  );
  return (answer.events ?? []).map((event) => ({ event, message: JSON.parse(event.message ?? '{}') as LogMessage }));
}

const passFlow = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prepared', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

it('an Express machine logging ALL with execution data: every history event in the log group, in the format of cw-logs.html', async () => {
  const machine = await loggedMachine(passFlow, 'ALL', true);
  const run = await c.sfn.send(
    new StartSyncExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"orderId":"o-1"}' }),
  );
  const events = await logged(machine.logGroupName, run.executionArn ?? '');
  expect(events.map((e) => e.message.type)).toEqual([
    'ExecutionStarted',
    'PassStateEntered',
    'PassStateExited',
    'SucceedStateEntered',
    'SucceedStateExited',
    'ExecutionSucceeded',
  ]);
  const [started, entered] = events;
  expect(started?.message).toEqual({
    id: '1',
    type: 'ExecutionStarted',
    details: { input: '{"orderId":"o-1"}', inputDetails: { truncated: false }, roleArn: c.roleArn },
    previous_event_id: '0',
    event_timestamp: String(started?.event.timestamp),
    execution_arn: run.executionArn,
    redrive_count: '0',
  });
  expect(entered?.message).toMatchObject({
    id: '2',
    previous_event_id: '0',
    details: { name: 'Prepare', input: '{"orderId":"o-1"}' },
  });
  expect(events.at(-1)?.message.details).toMatchObject({
    output: JSON.stringify({ orderId: 'o-1', prepared: { ready: true } }),
  });
  expect(events[0]?.event.logStreamName).toMatch(
    new RegExp(`^states/${machine.name}/\\d{4}-\\d{2}-\\d{2}-\\d{2}/[0-9a-f]{8}$`),
  );
  const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: machine.logGroupName }));
  expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([events[0]?.event.logStreamName]);
});

it('without includeExecutionData the events carry no input, output or parameters (API_LoggingConfiguration.html)', async () => {
  const machine = await loggedMachine(passFlow, 'ALL', false);
  const run = await c.sfn.send(
    new StartSyncExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"x":1}' }),
  );
  const events = await logged(machine.logGroupName, run.executionArn ?? '');
  expect(events).toHaveLength(6);
  expect(events[0]?.message.details).toEqual({ roleArn: c.roleArn });
  expect(events[1]?.message.details).toEqual({ name: 'Prepare' });
  expect(events.at(-1)?.message.details).toEqual({});
});

const failingFlow = (c: Conformance) => ({
  StartAt: 'Reserve',
  States: {
    Reserve: { Type: 'Task', Resource: c.functionArn('refuse'), Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

it('ERROR logs only the failures, FATAL only the execution failing; a run that succeeds writes nothing at ERROR (cloudwatch-log-level.html)', async () => {
  const error = await loggedMachine(failingFlow(c), 'ERROR', true);
  const failed = await c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: error.stateMachineArn }));
  expect(failed.status).toBe('FAILED');
  const errorEvents = await logged(error.logGroupName, failed.executionArn ?? '');
  expect(errorEvents.map((e) => e.message.type)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
  expect(errorEvents[1]?.message.details).toMatchObject({ error: 'Refused' });

  const fatal = await loggedMachine(failingFlow(c), 'FATAL', false);
  const fatalRun = await c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: fatal.stateMachineArn }));
  expect((await logged(fatal.logGroupName, fatalRun.executionArn ?? '')).map((e) => e.message.type)).toEqual([
    'ExecutionFailed',
  ]);

  const quiet = await loggedMachine(passFlow, 'ERROR', true);
  const succeeded = await c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: quiet.stateMachineArn }));
  expect(succeeded.status).toBe('SUCCEEDED');
  expect(await logged(quiet.logGroupName, succeeded.executionArn ?? '')).toEqual([]);
});

it("a Standard machine logs too: the project's machine writes its failures to the log group serverless.yml declares", async () => {
  const groups = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/states/sfn-conformance-' }),
  );
  const logGroupName = '/aws/vendedlogs/states/sfn-conformance-test-main';
  expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([logGroupName]);
  const main = c.runtime.runner.workflow.stateMachineArn;
  // An input without n fails at the Choice (States.Runtime): ERROR logs the execution's failure.
  const executionArn = await start(c, main, {});
  expect((await waitForEnd(c, executionArn)).status).toBe('FAILED');
  const events = await logged(logGroupName, executionArn);
  expect(events.map((e) => e.message.type)).toEqual(['ExecutionFailed']);
  expect(events[0]?.message).toMatchObject({ execution_arn: executionArn, details: { error: 'States.Runtime' } });
  const standard = await loggedMachine(passFlow, 'ALL', true, 'STANDARD');
  const run = await start(c, standard.stateMachineArn, {});
  await waitForEnd(c, run);
  expect(await logged(standard.logGroupName, run)).toHaveLength(6);
});

it("CreateStateMachine refuses a log group ARN without its streams' :* (InvalidLoggingConfiguration, as AWS answers it)", async () => {
  const { config } = c.runtime.stack;
  const refused = c.sfn.send(
    new CreateStateMachineCommand({
      name: `logged-unqualified-${Date.now()}`,
      type: 'EXPRESS',
      roleArn: c.roleArn,
      definition: JSON.stringify(passFlow),
      loggingConfiguration: {
        level: 'ALL',
        destinations: [
          {
            cloudWatchLogsLogGroup: {
              logGroupArn: `arn:aws:logs:${config.region}:${config.accountId}:log-group:/aws/vendedlogs/states/x`,
            },
          },
        ],
      },
    }),
  );
  await expect(refused).rejects.toMatchObject({
    name: 'InvalidLoggingConfiguration',
    message: "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.",
  });
});

it('DescribeExecution, GetExecutionHistory, DescribeStateMachineForExecution and StopExecution refuse an Express execution: InvalidArn (API_DescribeExecution.html)', async () => {
  const machine = await loggedMachine(passFlow, 'ALL', true);
  const run = await c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
  const executionArn = run.executionArn ?? '';
  const calls = [
    c.sfn.send(new DescribeExecutionCommand({ executionArn })),
    c.sfn.send(new GetExecutionHistoryCommand({ executionArn })),
    c.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn })),
    c.sfn.send(new StopExecutionCommand({ executionArn })),
  ];
  for (const call of calls) {
    await expect(call).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: express'",
    });
  }
  // Its run is there to read in the log group.
  expect(await logged(machine.logGroupName, executionArn)).toHaveLength(6);
});
