/**
 * The runtime runs a project it knows nothing of: fixtures/tiny-project (two functions, a table, a
 * three-state machine, a seed through its offline.config.ts), started, invoked through the local
 * Lambda endpoint, executed through the local Step Functions endpoint, read back from DynamoDB
 * Local and stopped, with the AWS SDK clients a user would point at those endpoints.
 */
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime } from '../../src/runtime';
import { CapturedLines } from '../../src/testing';

// The stack tests run as ES modules (jest-light-runner with tsx's loader).
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'tiny-project');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let runtime: Runtime;
let region: string;
/** The stack's own lines (one per invocation), kept rather than printed. */
const said = new CapturedLines();

// A test run that shares one DynamoDB Local between its files names it here (the app's
// test/support/shared-dynamodb.ts); on its own, the runtime starts one.
const sharedDynamoDb = process.env.TEST_DYNAMODB_ENDPOINT;

beforeAll(async () => {
  runtime = await startRuntime({
    root: ROOT,
    stage: 'test',
    ...(sharedDynamoDb ? { dynamoDbEndpoint: sharedDynamoDb, tableSuffix: `-${process.pid}-tiny` } : {}),
    log: { print: said.print },
  });
  region = runtime.stack.config.region;
});

afterAll(async () => {
  await runtime?.stop();
});

const dynamoDb = () => new DynamoDBClient({ endpoint: runtime.stack.dynamoDb.endpoint, region, credentials });

/** Starts an execution of the tiny project's state machine through the local endpoint and waits for its end. */
async function execute(name: string, input: { id: string; text: string }) {
  const sfn = new SFNClient({ endpoint: runtime.sfn.url, region, credentials });
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: runtime.runner.workflow.stateMachineArn,
      name,
      input: JSON.stringify(input),
    }),
  );
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn ?? '' }));
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('reads only the tiny project: its functions, its table, its one state machine', () => {
  expect(Object.keys(runtime.stack.config.functions).sort()).toEqual(['saveNote', 'shout']);
  expect(runtime.stack.tableName('NotesTable')).toMatch(/^tiny-notes-test-notes/);
  expect(runtime.runner.workflow.stateMachineName).toBe('tiny-notes-test-note-flow');
});

it('seeds the table from the seed its offline.config.ts names', async () => {
  const { Item } = await dynamoDb().send(
    new GetItemCommand({ TableName: runtime.stack.tableName('NotesTable'), Key: { id: { S: 'seeded' } } }),
  );
  expect(Item?.text).toEqual({ S: 'FROM THE SEED' });
});

it('invokes a function through the local Lambda endpoint, and reports its error by name', async () => {
  const lambda = new LambdaClient({ endpoint: runtime.lambdaEndpoint.url, region, credentials });
  const ok = await lambda.send(
    new InvokeCommand({ FunctionName: 'tiny-notes-test-shout', Payload: JSON.stringify({ id: 'n1', text: 'hi' }) }),
  );
  expect(JSON.parse(Buffer.from(ok.Payload ?? []).toString())).toBe('HI');
  const failed = await lambda.send(
    new InvokeCommand({ FunctionName: 'tiny-notes-test-shout', Payload: JSON.stringify({ id: 'n1', text: '' }) }),
  );
  expect(failed.FunctionError).toBe('Unhandled');
  expect(JSON.parse(Buffer.from(failed.Payload ?? []).toString())).toMatchObject({ errorType: 'EmptyNote' });
});

it('runs the state machine through the local Step Functions endpoint to its end, writing the table', async () => {
  const execution = await execute('note-1', { id: 'note-1', text: 'hello offline' });
  expect({ status: execution.status, cause: execution.cause }).toEqual({ status: 'SUCCEEDED', cause: undefined });
  expect(JSON.parse(execution.output ?? 'null')).toEqual({ id: 'note-1', text: 'HELLO OFFLINE' });
  const { Item } = await dynamoDb().send(
    new GetItemCommand({ TableName: runtime.stack.tableName('NotesTable'), Key: { id: { S: 'note-1' } } }),
  );
  expect(Item?.text).toEqual({ S: 'HELLO OFFLINE' });
});

it('fails an execution whose Task throws, with the error the function named', async () => {
  const execution = await execute('note-empty', { id: 'note-empty', text: '' });
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('EmptyNote');
});

it('says one line per invocation, and links a Task state’s attempt to its lines in the function’s log file', async () => {
  const execution = await execute('note-logs', { id: 'note-logs', text: 'log me' });
  const [shout, ...more] = runtime.log.invocationsOf(execution.executionArn ?? '', 'Shout');
  expect(more).toEqual([]);
  expect(shout).toMatchObject({ functionName: 'shout', trigger: { label: 'note-logs/Shout' } });
  expect(said.lines).toContain(
    said.lines.find(
      (line) => line.startsWith('λ shout ok ') && line.endsWith(`← note-logs/Shout · ${shout?.requestId}`),
    ),
  );
  expect(said.lines.every((line) => line.length <= 200)).toBe(true);
  const lines = runtime.log.linesOf('shout', shout?.requestId ?? '') ?? [];
  expect(lines[0]).toMatch(new RegExp(`^\\S+Z START RequestId: ${shout?.requestId} Version: \\$LATEST$`));
  expect(lines.at(-1)).toMatch(new RegExp(`^\\S+Z REPORT RequestId: ${shout?.requestId}\\tDuration: [\\d.]+ ms\\t`));
  expect(runtime.log.fileOf('shout')).toBe(join(ROOT, '.local', 'logs', 'shout.log'));
});

it('ran the tiny project’s functions and nothing else', () => {
  expect(Object.keys(runtime.lambdaStats.functions).sort()).toEqual(['saveNote', 'shout']);
});
