/**
 * What the SNS/SQS emulator refuses, as SNS and SQS refuse it (patches/fauxqs+2.4.1.patch): a
 * malformed SQS JSON body, a receipt handle never issued, SQS's query protocol (not emulated:
 * refused by name) and a Publish whose MessageStructure json body SNS would not take. Each refusal
 * is a 4xx with a message naming the problem, and nothing is sent. No database: no java process.
 */
import { join } from 'node:path';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startMessaging, type Messaging } from '../../src/messaging/messaging';
import { loadServerlessConfig } from '../../src/serverless/config';

const SNS_API = 'https://docs.aws.amazon.com/sns/latest/api';
const SQS_API = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference';
const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });
const TOPIC_ARN = `arn:aws:sns:${config.region}:${config.accountId}:conformance-events`;
// Delivered by the topic (filter `kind: queued`) to this queue inside the SNS envelope.
const ENVELOPED = 'conformance-enveloped';
const FAILURES = 'conformance-failures';

let messaging: Messaging;
beforeAll(async () => {
  messaging = await startMessaging(config, () => Promise.resolve(null));
}, 60_000);
afterAll(() => messaging.stop());

const queued = { kind: { DataType: 'String', StringValue: 'queued' } };

async function receiveAll(queue: string) {
  const { Messages = [] } = await messaging.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: messaging.queueUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return Messages;
}

const post = async (headers: Record<string, string>, body: string) => {
  const response = await fetch(messaging.endpoint, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
};

describe(`SQS (${SQS_API})`, () => {
  it('a malformed JSON body is a 400 SerializationException, not a 500', async () => {
    const answer = await post(
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      '{"QueueUrl": ',
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      __type: expect.stringMatching(/SerializationException$/),
      message: expect.stringContaining('not valid JSON'),
    });
    expect(await receiveAll(FAILURES)).toEqual([]);
  });

  it('DeleteMessage with a receipt handle never issued is ReceiptHandleIsInvalid; an issued one deletes, and again succeeds (API_DeleteMessage.html)', async () => {
    const QueueUrl = messaging.queueUrl(FAILURES);
    await expect(
      messaging.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })),
    ).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      message: expect.stringContaining('"garbage"'),
      $metadata: { httpStatusCode: 404 },
    });
    await messaging.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'to delete' }));
    const [message] = await receiveAll(FAILURES);
    const ReceiptHandle = message?.ReceiptHandle ?? '';
    await messaging.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle }));
    await messaging.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle }));
    const batch = await messaging.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'issued', ReceiptHandle },
          { Id: 'forged', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(batch.Successful?.map((entry) => entry.Id)).toEqual(['issued']);
    expect(batch.Failed).toEqual([
      expect.objectContaining({ Id: 'forged', Code: 'ReceiptHandleIsInvalid', SenderFault: true }),
    ]);
  });

  it('the query (XML) protocol is refused by name, not answered by SNS, and nothing is enqueued', async () => {
    const QueueUrl = messaging.queueUrl(FAILURES);
    const answer = await post(
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ Action: 'SendMessage', QueueUrl, MessageBody: 'query' }).toString(),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<Code>InvalidAction</Code>');
    expect(answer.text).toContain('SQS query (XML) protocol is not supported');
    expect(await receiveAll(FAILURES)).toEqual([]);
  });
});

describe(`SNS Publish with MessageStructure json (${SNS_API}/API_Publish.html)`, () => {
  const publish = (Message: string) =>
    messaging.sns.send(
      new PublishCommand({ TopicArn: TOPIC_ARN, Message, MessageStructure: 'json', MessageAttributes: queued }),
    );

  it('refuses a body that is not a JSON object, or has no "default" entry: InvalidParameter, nothing delivered', async () => {
    const refused: [string, string][] = [
      ['not json', 'failed to parse'],
      ['["default"]', 'failed to parse'],
      ['{"sqs":"only for queues"}', 'No default entry'],
    ];
    for (const [message, reason] of refused) {
      await expect(publish(message)).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining(reason),
        $metadata: { httpStatusCode: 400 },
      });
    }
    const batch = await messaging.sns.send(
      new PublishBatchCommand({
        TopicArn: TOPIC_ARN,
        PublishBatchRequestEntries: [{ Id: 'bad', Message: '{}', MessageStructure: 'json', MessageAttributes: queued }],
      }),
    );
    expect(batch.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'InvalidParameter' })]);
    await messaging.drain();
    expect(await receiveAll(ENVELOPED)).toEqual([]);
  });

  it('delivers to a queue its "sqs" entry, else "default"', async () => {
    await publish(JSON.stringify({ default: 'for everyone', sqs: 'for queues' }));
    await publish(JSON.stringify({ default: 'for everyone' }));
    await messaging.drain();
    const bodies = (await receiveAll(ENVELOPED)).map(
      (message) => (JSON.parse(message.Body ?? '{}') as { Message: string }).Message,
    );
    expect(bodies.sort()).toEqual(['for everyone', 'for queues']);
  });
});
