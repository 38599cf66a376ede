/**
 * The SNS/SQS part of the embedded stack: fauxqs, in process, with every topic and queue declared
 * in serverless.yml, and SNS-triggered functions (e.g. notifyCustomer) subscribed the way AWS
 * would deliver to them: each message arrives as an SNS Lambda event.
 * The SDK reaches it through AWS_ENDPOINT_URL_SNS / AWS_ENDPOINT_URL_SQS.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { resolveIntrinsics } from './cloudformation';
import { resourcesOfType, type ServerlessConfig } from './serverless-config';

export interface Messaging {
  endpoint: string;
  sns: SNSClient;
  sqs: SQSClient;
  /** Queue URL in the emulator for a queue name or a (CloudFormation-style) queue URL. */
  queueUrl(nameOrUrl: string): string;
  /** Messages currently held by a queue (ready, delayed and in flight). */
  queueDepth(nameOrUrl: string): number;
  /** Bodies of the messages a queue holds, without receiving them. */
  peek(nameOrUrl: string): string[];
  /** Bodies of the messages published to a topic (by name or ARN) since the emulator started. */
  published(topicNameOrArn: string): string[];
  /** Resolves when every SNS→Lambda delivery published so far has been handled. */
  drain(): Promise<void>;
  /** Deliveries whose function threw (AWS would retry, then drop or dead-letter them). */
  deliveryFailures: { functionName: string; error: string }[];
  stop(): Promise<void>;
}

export type InvokeFunction = (functionName: string, event: unknown) => Promise<unknown>;

interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The SNS Lambda event AWS builds from one notification. */
export function snsLambdaEvent(envelope: SnsEnvelope, subscriptionArn: string): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: envelope.Type,
          MessageId: envelope.MessageId,
          TopicArn: envelope.TopicArn,
          Subject: envelope.Subject ?? '',
          Message: envelope.Message,
          Timestamp: envelope.Timestamp,
          SignatureVersion: envelope.SignatureVersion ?? '1',
          Signature: envelope.Signature ?? 'EXAMPLE',
          SigningCertUrl: envelope.SigningCertURL ?? '',
          UnsubscribeUrl: envelope.UnsubscribeURL ?? '',
          MessageAttributes: envelope.MessageAttributes ?? {},
        },
      },
    ],
  };
}

interface Subscription {
  functionName: string;
  queueName: string;
  queueUrl: string;
  subscriptionArn: string;
}

/** SNS event sources of the functions: `events: [{ sns: { arn: ... } }]` or `{ sns: 'topic-name' }`. */
function snsSubscriptions(config: ServerlessConfig): { functionName: string; topicName: string }[] {
  const out: { functionName: string; topicName: string }[] = [];
  for (const fn of Object.values(config.functions)) {
    for (const event of fn.events) {
      if (event === null || typeof event !== 'object' || Array.isArray(event) || !('sns' in event)) continue;
      const sns = event.sns;
      let topicName: string | undefined;
      if (typeof sns === 'string') topicName = sns.startsWith('arn:') ? sns.split(':').pop() : sns;
      else if (sns && typeof sns === 'object' && !Array.isArray(sns)) {
        const arn = resolveIntrinsics(config, sns.arn ?? null);
        topicName =
          typeof arn === 'string'
            ? arn.split(':').pop()
            : typeof sns.topicName === 'string'
              ? sns.topicName
              : undefined;
      }
      if (!topicName)
        throw new Error(`functions.${fn.name}: SNS event source without a topic the emulator can resolve`);
      out.push({ functionName: fn.name, topicName });
    }
  }
  return out;
}

const nameOf = (nameOrUrl: string) => nameOrUrl.split('/').pop() ?? nameOrUrl;

export async function startMessaging(config: ServerlessConfig, invoke: InvokeFunction): Promise<Messaging> {
  // The spy keeps what was published, so the ops alerts of a run can be read back (topics have no
  // queue to peek at). Its buffer is bounded; it holds far more than any local run publishes.
  const server: FauxqsServer = await startFauxqs({
    port: 0,
    logger: false,
    host: '127.0.0.1',
    messageSpies: { bufferSize: 100_000 },
  });
  const region = config.region;
  for (const [, topic] of resourcesOfType(config, 'AWS::SNS::Topic')) {
    server.createTopic(String(topic.Properties?.TopicName), { region });
  }
  const queueUrls = new Map<string, string>();
  for (const [, queue] of resourcesOfType(config, 'AWS::SQS::Queue')) {
    const name = String(queue.Properties?.QueueName);
    queueUrls.set(name, server.createQueue(name, { region }).queueUrl);
  }

  const subscriptions: Subscription[] = snsSubscriptions(config).map(({ functionName, topicName }) => {
    const queueName = `lambda-${functionName}-${topicName}`.slice(0, 80);
    const { queueUrl } = server.createQueue(queueName, { region });
    server.subscribe({ topic: topicName, queue: queueName, region });
    return {
      functionName,
      queueName,
      queueUrl,
      subscriptionArn: `arn:aws:sns:${region}:${config.accountId}:${topicName}:${functionName}`,
    };
  });

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sns = new SNSClient({ endpoint: server.address, region, credentials });
  const sqs = new SQSClient({ endpoint: server.address, region, credentials });
  process.env.AWS_ENDPOINT_URL_SNS = server.address;
  process.env.AWS_ENDPOINT_URL_SQS = server.address;

  const deliveryFailures: Messaging['deliveryFailures'] = [];
  let inFlight = 0;
  let stopping = false;
  const abort = new AbortController();

  const depth = (name: string) => {
    const queue = server.inspectQueue(name);
    if (!queue) return 0;
    return queue.messages.ready.length + queue.messages.delayed.length + queue.messages.inflight.length;
  };

  async function pump(subscription: Subscription): Promise<void> {
    while (!stopping) {
      let received;
      try {
        received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: subscription.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          { abortSignal: abort.signal },
        );
      } catch (error) {
        if (stopping) return;
        throw error;
      }
      await Promise.all(
        (received.Messages ?? []).map(async (message) => {
          inFlight += 1;
          try {
            const envelope = JSON.parse(message.Body ?? '{}') as SnsEnvelope;
            await invoke(subscription.functionName, snsLambdaEvent(envelope, subscription.subscriptionArn));
          } catch (error) {
            deliveryFailures.push({ functionName: subscription.functionName, error: String(error) });
            process.stderr.write(`[sns] ${subscription.functionName} failed: ${String(error)}\n`);
          } finally {
            // As with Lambda's async retries exhausted: the message is not redelivered forever.
            await sqs.send(
              new DeleteMessageCommand({ QueueUrl: subscription.queueUrl, ReceiptHandle: message.ReceiptHandle }),
            );
            inFlight -= 1;
          }
        }),
      );
    }
  }

  const pumps = subscriptions.map((subscription) => pump(subscription));

  return {
    endpoint: server.address,
    sns,
    sqs,
    deliveryFailures,
    queueUrl(nameOrUrl) {
      const url = queueUrls.get(nameOf(nameOrUrl));
      if (!url) throw new Error(`No queue "${nameOrUrl}" in serverless.yml`);
      return url;
    },
    queueDepth: (nameOrUrl) => depth(nameOf(nameOrUrl)),
    peek(nameOrUrl) {
      const queue = server.inspectQueue(nameOf(nameOrUrl));
      if (!queue) return [];
      const { ready, delayed, inflight } = queue.messages;
      return [...ready, ...delayed, ...inflight.map((entry) => entry.message)].map((message) => message.body);
    },
    published(topicNameOrArn) {
      const topicName = topicNameOrArn.split(':').pop();
      return server.spy
        .getAllMessages()
        .flatMap((m) => (m.service === 'sns' && m.topicName === topicName ? [m.body] : []));
    },
    async drain() {
      while (inFlight > 0 || subscriptions.some((s) => depth(s.queueName) > 0)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      stopping = true;
      abort.abort();
      await Promise.allSettled(pumps);
      sns.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}
