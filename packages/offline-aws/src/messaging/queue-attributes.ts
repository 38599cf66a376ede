/**
 * A queue's `AWS::SQS::Queue` properties as the SQS attributes CreateQueue and SetQueueAttributes
 * take (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html;
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html):
 * every value a string, the policies as JSON with their intrinsics resolved. `QueueName` and `Tags`
 * are not attributes; `DeduplicationScope` and `FifoThroughputLimit` (high-throughput FIFO) are
 * left out: the emulator does not take them.
 */
import { resolveIntrinsics } from '../serverless/cloudformation';
import type { Json, ServerlessConfig } from '../serverless/config';

const SCALARS = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'FifoQueue',
  'ContentBasedDeduplication',
  'SqsManagedSseEnabled',
] as const;
const POLICIES = ['RedrivePolicy', 'RedriveAllowPolicy'] as const;

export function queueAttributes(config: ServerlessConfig, properties: { [key: string]: Json }): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of SCALARS) {
    const value = properties[name];
    if (value !== undefined && value !== null) attributes[name] = String(resolveIntrinsics(config, value));
  }
  for (const name of POLICIES) {
    const value = properties[name];
    if (value === undefined || value === null) continue;
    const resolved = resolveIntrinsics(config, value);
    attributes[name] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  }
  return attributes;
}
