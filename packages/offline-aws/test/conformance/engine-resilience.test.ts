/**
 * Every integration the engine runs (src/engine/tasks.ts: lambda, lambda:invoke, sns:publish,
 * sqs:sendMessage, dynamodb:*, states:startExecution) reaches resources a client created through
 * the local APIs, and is driven into its errors: each execution fails with the error AWS reports
 * (Step Functions names a service's error `<Service>.<Exception>`: connect-sqs.html, connect-sns.html,
 * connect-ddb.html, connect-lambda.html, connect-stepfunctions.html; the exact names and Causes
 * were recorded on AWS, see src/engine/service-errors.ts), and after each the stack still answers.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { ANSWERING, dynamoDbClient, oneTask, runMachine, stillAnswers } from './resilience-support';
import { createMachine, start, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
let dynamoDb: DynamoDBClient;
let region: string;
let account: string;
beforeAll(async () => {
  c = await startConformance();
  dynamoDb = dynamoDbClient(c);
  ({ region, accountId: account } = c.runtime.stack.config);
}, 240_000);
afterAll(async () => {
  dynamoDb?.destroy();
  await c?.runtime.stop();
});
afterEach(async () => {
  expect(await stillAnswers(c, dynamoDb)).toEqual(ANSWERING);
});

const SQS_SEND = 'arn:aws:states:::sqs:sendMessage';

describe('sqs:sendMessage (connect-sqs.html)', () => {
  it('sends to a queue a client created, by its AWS URL, its legacy URL or its local URL', async () => {
    const made = await c.runtime.messaging.sqs.send(new CreateQueueCommand({ QueueName: 'made-by-client' }));
    for (const url of [
      `https://sqs.${region}.amazonaws.com/${account}/made-by-client`,
      `https://${region}.queue.amazonaws.com/${account}/made-by-client`,
      made.QueueUrl ?? '',
    ]) {
      const ended = await runMachine(c, oneTask(SQS_SEND, { QueueUrl: url, MessageBody: { via: url } }));
      expect(ended).toMatchObject({ status: 'SUCCEEDED' });
      expect(JSON.parse(ended.output ?? '{}')).toEqual({
        MessageId: expect.any(String),
        MD5OfMessageBody: expect.any(String),
      });
    }
    expect(c.runtime.messaging.peek('made-by-client').map((body) => JSON.parse(body) as unknown)).toHaveLength(3);
  });

  it('a queue that does not exist: SQS.QueueDoesNotExistException', async () => {
    const url = `https://sqs.${region}.amazonaws.com/${account}/no-such-queue`;
    const ended = await runMachine(c, oneTask(SQS_SEND, { QueueUrl: url, MessageBody: 'x' }));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
    expect(ended.cause).toMatch(
      /^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue; Request ID: .+; Proxy: null\)$/,
    );
  });

  it('a queue name instead of a URL: SQS.SdkClientException, the request never leaves (recorded on AWS)', async () => {
    const ended = await runMachine(c, oneTask(SQS_SEND, { QueueUrl: 'made-by-client', MessageBody: 'x' }));
    expect(ended).toMatchObject({
      status: 'FAILED',
      error: 'SQS.SdkClientException',
      cause: 'Unable to execute HTTP request: made-by-client: Name or service not known',
    });
  });

  it('no MessageBody: SQS.AmazonSQSException, Error Code MissingParameter (recorded on AWS)', async () => {
    const ended = await runMachine(c, oneTask(SQS_SEND, { QueueUrl: c.queueUrl, MessageBody: null }));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'SQS.AmazonSQSException' });
    expect(ended.cause).toMatch(
      /^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter;/,
    );
  });

  it('.waitForTaskToken to a missing queue fails at the call, and closes its token', async () => {
    const ended = await runMachine(
      c,
      oneTask(`${SQS_SEND}.waitForTaskToken`, {
        QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/no-such-queue`,
        MessageBody: { 'token.$': '$$.Task.Token' },
      }),
    );
    expect(ended).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
    expect(c.runtime.runner.tokens.waitingExecutions().size).toBe(0);
  });
});

describe('sns:publish (connect-sns.html)', () => {
  it('publishes to a topic a client created; a topic that does not exist is SNS.NotFoundException', async () => {
    const { TopicArn } = await c.runtime.messaging.sns.send(new CreateTopicCommand({ Name: 'made-by-client' }));
    const sent = await runMachine(c, oneTask('arn:aws:states:::sns:publish', { TopicArn, Message: { hello: 1 } }));
    expect(sent).toMatchObject({ status: 'SUCCEEDED' });
    expect(c.runtime.messaging.published('made-by-client')).toEqual(['{"hello":1}']);
    const missing = `arn:aws:sns:${region}:${account}:no-such-topic`;
    const ended = await runMachine(c, oneTask('arn:aws:states:::sns:publish', { TopicArn: missing, Message: 'x' }));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'SNS.NotFoundException' });
    expect(ended.cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;/);
  });
});

describe('dynamodb:* (connect-ddb.html)', () => {
  it('writes and reads a table a client created', async () => {
    const TableName = `made-by-client-${Date.now()}`;
    await dynamoDb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const ended = await runMachine(c, {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName, Item: { id: { S: 'a' }, n: { N: '1' } } },
          ResultPath: null,
          Next: 'Get',
        },
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName, Key: { id: { S: 'a' } } },
          End: true,
        },
      },
    });
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '{}')).toEqual({ Item: { id: { S: 'a' }, n: { N: '1' } } });
  });

  it.each(['putItem', 'getItem', 'updateItem', 'deleteItem'])(
    '%s on a table that does not exist: DynamoDB.ResourceNotFoundException (recorded on AWS)',
    async (action) => {
      const parameters =
        action === 'putItem'
          ? { TableName: 'no-such-table', Item: { id: { S: 'a' } } }
          : { TableName: 'no-such-table', Key: { id: { S: 'a' } } };
      const ended = await runMachine(c, oneTask(`arn:aws:states:::dynamodb:${action}`, parameters));
      expect(ended).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ResourceNotFoundException' });
      expect(ended.cause).toMatch(
        /^Requested resource not found \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: .+; Proxy: null\)$/,
      );
    },
  );

  it('an invalid request (Item null): DynamoDB.AmazonDynamoDBException, Error Code ValidationException (recorded on AWS)', async () => {
    const table = c.runtime.stack.tableName('ItemsTable');
    const ended = await runMachine(c, oneTask('arn:aws:states:::dynamodb:putItem', { TableName: table, Item: null }));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'DynamoDB.AmazonDynamoDBException' });
    expect(ended.cause).toMatch(/\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException;/);
  });
});

describe('lambda:invoke and Lambda ARNs (connect-lambda.html)', () => {
  const invoke = (functionName: string) =>
    oneTask('arn:aws:states:::lambda:invoke', { 'FunctionName.$': '$.fn', Payload: { functionName } });

  it('a FunctionName computed from the input reaches any function the local Lambda runs', async () => {
    const ended = await runMachine(c, invoke('echo'), { fn: c.functionArn('echo') });
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '{}')).toMatchObject({
      StatusCode: 200,
      Payload: { echoed: { functionName: 'echo' } },
    });
  });

  it('a JSONata FunctionName expression is evaluated when the task runs', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: '{% $states.input.fn %}', Payload: { via: 'jsonata' } },
          Output: '{% $states.result.Payload %}',
          End: true,
        },
      },
    };
    const ended = await runMachine(c, definition, { fn: c.functionArn('echo') });
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '{}')).toEqual({ echoed: { via: 'jsonata' } });
    const missing = await runMachine(c, definition, { fn: 'no-such-function' });
    expect(missing).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('a function Lambda does not have: Lambda.ResourceNotFoundException, "Function not found: <ARN>"', async () => {
    const ended = await runMachine(c, invoke('nope'), { fn: 'no-such-function' });
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    expect(ended.cause).toMatch(
      new RegExp(
        `^Function not found: arn:aws:lambda:${region}:${account}:function:no-such-function \\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;`,
      ),
    );
  });

  it('a function that throws fails the task with its errorType; one that times out with Sandbox.Timedout', async () => {
    const thrown = await runMachine(
      c,
      oneTask('arn:aws:states:::lambda:invoke', { FunctionName: c.functionArn('refuse'), Payload: {} }),
    );
    expect(thrown).toMatchObject({ status: 'FAILED', error: 'Refused' });
    c.runtime.faults.configure([{ target: 'Call', mode: 'timeout', times: 1 }]);
    try {
      const timedOut = await runMachine(c, {
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: c.functionArn('echo'), End: true } },
      });
      expect(timedOut).toMatchObject({ status: 'FAILED', error: 'Sandbox.Timedout' });
    } finally {
      c.runtime.faults.configure([]);
    }
  });
});

describe('states:startExecution (connect-stepfunctions.html)', () => {
  const START = 'arn:aws:states:::states:startExecution';

  it('.sync of a created machine whose child fails: States.TaskFailed with the child described', async () => {
    const child = await createMachine(c, {
      StartAt: 'No',
      States: { No: { Type: 'Fail', Error: 'Child.Failed', Cause: 'no' } },
    });
    for (const mode of ['.sync', '.sync:2']) {
      const ended = await runMachine(c, oneTask(`${START}${mode}`, { StateMachineArn: child, Input: {} }));
      expect(ended).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
      expect(JSON.parse(ended.cause ?? '{}')).toMatchObject({ Status: 'FAILED', Error: 'Child.Failed' });
    }
  });

  it('StopExecution as a .sync Task starts: the parent ends ABORTED, its child is stopped, the process goes on', async () => {
    // The stop lands before the Task's call is awaited: the child's end (States.TaskFailed) then has
    // nothing waiting for it, which must not become an unhandled rejection (it ended the process).
    for (const mode of ['.sync', '.sync:2', '']) {
      const child = await createMachine(c, {
        StartAt: 'Hold',
        States: { Hold: { Type: 'Wait', Seconds: 1, End: true } },
      });
      const parent = await createMachine(c, oneTask(`${START}${mode}`, { StateMachineArn: child, Input: {} }));
      const off = c.runtime.runner.onEvent((event) => {
        if (event.type === 'StateEntered' && event.execution.stateMachineArn === parent) {
          c.runtime.runner.stopExecution(event.execution.executionArn, 'Stopped', 'as its Task starts');
        }
      });
      const ended = await waitForEnd(c, await start(c, parent));
      off();
      expect(ended).toMatchObject({ status: 'ABORTED', error: 'Stopped' });
      await c.runtime.runner.settle();
    }
  });

  it('a machine that does not exist: StepFunctions.StateMachineDoesNotExistException; an Input that is not JSON: StepFunctions.InvalidExecutionInputException', async () => {
    const missing = `arn:aws:states:${region}:${account}:stateMachine:no-such-machine`;
    const ended = await runMachine(c, oneTask(`${START}.sync`, { StateMachineArn: missing, Input: {} }));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'StepFunctions.StateMachineDoesNotExistException' });
    expect(ended.cause).toMatch(/\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;/);
    const child = await createMachine(c, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const bad = await runMachine(c, oneTask(START, { StateMachineArn: child, Input: '{not json' }));
    expect(bad).toMatchObject({ status: 'FAILED', error: 'StepFunctions.InvalidExecutionInputException' });
  });
});
