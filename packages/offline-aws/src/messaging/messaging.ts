/**
 * The SNS/SQS/S3 part of the embedded stack: fauxqs, in process (one endpoint for the three; S3
 * path-style, as fauxqs serves it on 127.0.0.1), with every bucket (buckets.ts), with every topic, queue and
 * subscription declared in serverless.yml (sns-subscriptions.ts), filter policies and raw message
 * delivery included (fauxqs applies them). SNS-triggered functions (e.g. notifyCustomer) are
 * delivered to as AWS does: each message is an SNS Lambda event, invoked asynchronously, with
 * Lambda's retries and the function's on-failure destination or dead-letter queue
 * (lambda/async-invocation.ts). The SDK reaches it through AWS_ENDPOINT_URL_SNS / _SQS / _S3
 * (an S3 client needs `forcePathStyle: true`).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { AsyncInvoker, type AsyncInvocationOptions, type SyncInvoke } from '../lambda/async-invocation';
import type { MessageAttribute, Target, TargetSender } from '../lambda/destinations';
import { resourcesOfType, type ServerlessConfig } from '../serverless/config';
import { declaredBuckets } from './buckets';
import { onTheSamePort } from './port';
import { queueAttributes } from './queue-attributes';
import { snsSubscriptions } from './sns-subscriptions';

export interface Messaging {
  endpoint: string;
  sns: SNSClient;
  sqs: SQSClient;
  /** Path-style client of the emulator's S3 (the buckets serverless.yml declares exist). */
  s3: S3Client;
  /** Queue URL in the emulator for a queue name or a (CloudFormation-style) queue URL. */
  queueUrl(nameOrUrl: string): string;
  /** Messages currently held by a queue (ready, delayed and in flight). */
  queueDepth(nameOrUrl: string): number;
  /** Messages a receive could take now (SQS's ApproximateNumberOfMessagesVisible); 0 for an unknown queue. */
  visibleMessages(nameOrUrl: string): number;
  /** Bodies of the messages a queue holds, without receiving them. */
  peek(nameOrUrl: string): string[];
  /** Bodies of the messages published to a topic (by name or ARN) since the emulator started. */
  published(topicNameOrArn: string): string[];
  /**
   * Resolves when every SNS→Lambda delivery published so far has been handled: its asynchronous
   * invocation succeeded, or failed every attempt (retries wait as in AWS unless shortened).
   */
  drain(): Promise<void>;
  /** Events whose function failed every attempt (then sent to its destination or DLQ, or dropped). */
  readonly deliveryFailures: { functionName: string; error: string }[];
  /** Lambda's asynchronous invocation queue (SNS deliveries, Invoke with InvocationType Event). */
  asyncInvocations: AsyncInvoker;
  stop(): Promise<void>;
}

export interface MessagingOptions {
  /** Retry waits of asynchronous invocations (tests shorten them; AWS's by default). */
  asyncInvocation?: AsyncInvocationOptions;
  /** The emulator's fixed port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Receives the lines the emulator says itself, e.g. a delivery given up on (default: stderr). */
  print?: (line: string) => void;
  /** Keep the emulator's topics, queues, messages and objects here across restarts (its SQLite persistence). */
  dataDirectory?: string;
}

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

const nameOf = (nameOrUrl: string) => nameOrUrl.split('/').pop() ?? nameOrUrl;

export async function startMessaging(
  config: ServerlessConfig,
  invoke: SyncInvoke,
  options: MessagingOptions = {},
): Promise<Messaging> {
  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  // The spy keeps what was published, so the ops alerts of a run can be read back (topics have no
  // queue to peek at). Its buffer is bounded; it holds far more than any local run publishes.
  const server: FauxqsServer = await onTheSamePort(options, (port) =>
    startFauxqs({
      port,
      logger: false,
      host: '127.0.0.1',
      // Loopback only: the emulator has no authentication (fauxqs listens on all interfaces by
      // default; our patch adds the option).
      listenHost: '127.0.0.1',
      messageSpies: { bufferSize: 100_000 },
      ...(options.dataDirectory === undefined ? {} : { dataDir: options.dataDirectory }),
    }),
  );
  const region = config.region;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sns = new SNSClient({ endpoint: server.address, region, credentials });
  const sqs = new SQSClient({ endpoint: server.address, region, credentials });
  const s3 = new S3Client({ endpoint: server.address, region, credentials, forcePathStyle: true });
  for (const bucket of declaredBuckets(config)) server.createBucket(bucket);
  const topicArn = (name: string) => `arn:aws:sns:${region}:${config.accountId}:${name}`;
  const queueArn = (name: string) => `arn:aws:sqs:${region}:${config.accountId}:${name}`;
  for (const [, topic] of resourcesOfType(config, 'AWS::SNS::Topic')) {
    server.createTopic(String(topic.Properties?.TopicName), { region });
  }
  /**
   * The queue's URL: created with the template's attributes, or — restored from `--data` — kept with
   * its messages (creating it again would replace it with an empty one) and given them.
   */
  const ensureQueue = async (name: string, attributes: Record<string, string> = {}): Promise<string> => {
    const restored = server.inspectQueue(name);
    if (!restored) return server.createQueue(name, { region, attributes }).queueUrl;
    const url = restored.url.replace(/:\d+\//, `:${server.port}/`);
    if (Object.keys(attributes).length > 0) {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
    }
    return url;
  };
  const queueUrls = new Map<string, string>();
  for (const [, queue] of resourcesOfType(config, 'AWS::SQS::Queue')) {
    const name = String(queue.Properties?.QueueName);
    queueUrls.set(name, await ensureQueue(name, queueAttributes(config, queue.Properties ?? {})));
  }

  // Through the SNS API, so the emulator checks each filter policy as SNS does (size, complexity).
  const subscriptions: Subscription[] = [];
  for (const spec of snsSubscriptions(config)) {
    // A Lambda subscription is a hidden queue the pump below reads and hands to the async invoker.
    const queueName =
      spec.protocol === 'lambda'
        ? `lambda-${spec.functionName ?? ''}-${spec.topicName}-${subscriptions.length}`.slice(0, 80)
        : (spec.queueName ?? '');
    const lambdaQueueUrl = spec.protocol === 'lambda' ? await ensureQueue(queueName) : '';
    if (spec.protocol === 'sqs' && !queueUrls.has(queueName))
      throw new Error(`${spec.where}: no queue "${queueName}" in serverless.yml`);
    let subscriptionArn: string | undefined;
    try {
      ({ SubscriptionArn: subscriptionArn } = await sns.send(
        new SubscribeCommand({
          TopicArn: topicArn(spec.topicName),
          Protocol: 'sqs',
          Endpoint: queueArn(queueName),
          Attributes: spec.attributes,
        }),
      ));
    } catch (error) {
      throw new Error(`${spec.where}: SNS refused the subscription: ${(error as Error).message}`, { cause: error });
    }
    if (spec.protocol === 'lambda' && spec.functionName) {
      subscriptions.push({
        functionName: spec.functionName,
        queueName,
        queueUrl: lambdaQueueUrl,
        subscriptionArn: subscriptionArn ?? `${topicArn(spec.topicName)}:${spec.functionName}`,
      });
    }
  }
  process.env.AWS_ENDPOINT_URL_SNS = server.address;
  process.env.AWS_ENDPOINT_URL_SQS = server.address;
  process.env.AWS_ENDPOINT_URL_S3 = server.address;

  const sender: TargetSender = {
    async send(target: Target, body: string, attributes?: Record<string, MessageAttribute>) {
      if (target.type === 'sqs') {
        const url = queueUrls.get(target.name);
        if (!url) throw new Error(`No queue "${target.name}" in serverless.yml`);
        await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageAttributes: attributes }));
      } else if (target.type === 'sns') {
        await sns.send(
          new PublishCommand({ TopicArn: topicArn(target.name), Message: body, MessageAttributes: attributes }),
        );
      } else {
        asyncInvocations.accept(target.name, JSON.parse(body), { label: 'destination' });
      }
    },
  };
  const asyncInvocations = new AsyncInvoker(config, invoke, sender, { ...options.asyncInvocation, print });

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
        // A client may delete the subscription's queue through the SQS API; nothing it does may
        // stop the process (a rejected pump would be an unhandled rejection): the delivery stops
        // and says so, and any other failure is said and retried.
        const name = (error as Error).name;
        print(
          `[sns] ${subscription.functionName}: cannot receive from ${subscription.queueName}: ${name}: ${(error as Error).message}`,
        );
        if (name === 'QueueDoesNotExist') return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      await Promise.all(
        (received.Messages ?? []).map(async (message) => {
          inFlight += 1;
          try {
            const envelope = JSON.parse(message.Body ?? '{}') as SnsEnvelope;
            // SNS hands the event to Lambda's asynchronous queue: accepted, the delivery is done.
            asyncInvocations.accept(subscription.functionName, snsLambdaEvent(envelope, subscription.subscriptionArn), {
              label: `sns ${envelope.TopicArn.split(':').pop() ?? ''}`,
            });
          } catch (error) {
            print(`[sns] ${subscription.functionName}: not delivered: ${String(error)}`);
          } finally {
            await sqs
              .send(new DeleteMessageCommand({ QueueUrl: subscription.queueUrl, ReceiptHandle: message.ReceiptHandle }))
              .catch((error: unknown) => print(`[sns] ${subscription.functionName}: not deleted: ${String(error)}`));
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
    s3,
    get deliveryFailures() {
      return asyncInvocations.failures.map(({ functionName, error }) => ({ functionName, error }));
    },
    asyncInvocations,
    queueUrl(nameOrUrl) {
      const url = queueUrls.get(nameOf(nameOrUrl));
      if (!url) throw new Error(`No queue "${nameOrUrl}" in serverless.yml`);
      return url;
    },
    queueDepth: (nameOrUrl) => depth(nameOf(nameOrUrl)),
    visibleMessages: (nameOrUrl) => server.inspectQueue(nameOf(nameOrUrl))?.messages.ready.length ?? 0,
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
      for (;;) {
        while (inFlight > 0 || subscriptions.some((s) => depth(s.queueName) > 0)) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await asyncInvocations.drain();
        // A destination may have published again (a function destination, a topic it subscribes).
        if (inFlight === 0 && subscriptions.every((s) => depth(s.queueName) === 0)) return;
      }
    },
    async stop() {
      stopping = true;
      asyncInvocations.stop();
      abort.abort();
      await Promise.allSettled(pumps);
      sns.destroy();
      sqs.destroy();
      s3.destroy();
      await server.stop();
    },
  };
}
