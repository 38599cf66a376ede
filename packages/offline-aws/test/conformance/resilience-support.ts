/**
 * What engine-resilience*.test.ts share: running a created machine to its end, reading its error,
 * and checking that the stack still answers every API (Step Functions, DynamoDB, SQS) afterwards.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { createMachine, start, waitForEnd, type Conformance } from './sfn-client';

/** A DynamoDB client as an application would make one: pointed at the stack's endpoint. */
export function dynamoDbClient(c: Conformance): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: c.runtime.stack.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Creates a machine from `definition`, runs it on `input`, and returns how it ended. */
export async function runMachine(c: Conformance, definition: object, input: object = {}) {
  const arn = await createMachine(c, definition);
  const ended = await waitForEnd(c, await start(c, arn, input));
  return { status: ended.status, error: ended.error, cause: ended.cause, output: ended.output };
}

/** A one-Task machine calling `resource` with `parameters` (JSONPath). */
export const oneTask = (resource: string, parameters: object, extra: object = {}) => ({
  StartAt: 'Call',
  States: { Call: { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra } },
});

/**
 * The stack still answers: ListStateMachines, DynamoDB ListTables and SQS ListQueues each succeed.
 * @returns how many state machines, tables and queues they list (each at least one).
 */
export async function stillAnswers(c: Conformance, dynamoDb: DynamoDBClient) {
  const [machines, tables, queues] = await Promise.all([
    c.sfn.send(new ListStateMachinesCommand({})),
    dynamoDb.send(new ListTablesCommand({})),
    c.runtime.messaging.sqs.send(new ListQueuesCommand({})),
  ]);
  return {
    machines: machines.stateMachines?.length ?? 0,
    tables: tables.TableNames?.length ?? 0,
    queues: queues.QueueUrls?.length ?? 0,
  };
}

/** What `stillAnswers` must give: every service lists something. */
export const ANSWERING = { machines: expect.any(Number), tables: expect.any(Number), queues: expect.any(Number) };
