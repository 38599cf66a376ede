/** The runtime's alarms: the project's queue-depth alarms on its SNS/SQS emulator (queue-alarms.ts). */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { Messaging } from '../messaging/messaging';
import { resolveIntrinsics } from '../serverless/cloudformation';
import { resourcesOfType, type ServerlessConfig } from '../serverless/config';
import { queueAlarms, startQueueAlarms, type QueueAlarms } from './queue-alarms';

export function startAlarms(
  config: ServerlessConfig,
  messaging: Messaging,
  intervalMs: number | undefined,
  print: (line: string) => void,
): QueueAlarms {
  const queues = new Set(
    resourcesOfType(config, 'AWS::SQS::Queue').map(([id]) =>
      String(resolveIntrinsics(config, { 'Fn::GetAtt': [id, 'QueueName'] })),
    ),
  );
  const { evaluated } = queueAlarms(config, queues);
  return startQueueAlarms(evaluated, {
    visibleMessages: (queueName) => messaging.visibleMessages(queueName),
    async publish(topicArn, subject, message) {
      await messaging.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
    print,
    ...(intervalMs === undefined ? {} : { intervalMs }),
  });
}
