/**
 * Where this project's workflow escalates an order a human must look at, as the offline runtime
 * runs it: the compensation dead-letter queue (SendToDeadLetterQueue), the reconciler's
 * dead-letter queue (reconcileOrder's failures) and the ops-alerts topic (AlertOperations and the
 * alarms), all declared in serverless.yml (ops/serverless.yml, services/orders/serverless.yml).
 */
import type { Runtime } from 'offline-aws/runtime';

function resourceName(runtime: Runtime, logicalId: string, property: 'QueueName' | 'TopicName'): string {
  const name = runtime.stack.config.resources[logicalId]?.Properties?.[property];
  if (typeof name !== 'string') throw new Error(`serverless.yml declares no ${logicalId} with a ${property}`);
  return name;
}

/** URL, in the local SQS emulator, of the compensation dead-letter queue. @throws Error when serverless.yml has none. */
export const deadLetterQueueUrl = (runtime: Runtime): string =>
  runtime.messaging.queueUrl(resourceName(runtime, 'CompensationDeadLetterQueue', 'QueueName'));

/** URL, in the local SQS emulator, of the reconciler's dead-letter queue. @throws Error when serverless.yml has none. */
export const reconcilerDeadLetterQueueUrl = (runtime: Runtime): string =>
  runtime.messaging.queueUrl(resourceName(runtime, 'ReconcilerDeadLetterQueue', 'QueueName'));

/** Name of the ops-alerts topic. @throws Error when serverless.yml has none. */
export const opsAlertsTopic = (runtime: Runtime): string => resourceName(runtime, 'OpsAlertsTopic', 'TopicName');
