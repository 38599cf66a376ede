/**
 * The request-response calls of the optimized integrations (sns:publish, sqs:sendMessage,
 * dynamodb:getItem|putItem|updateItem|deleteItem), made against the local emulators at call time:
 * any topic, queue or table that exists there is reached, whether serverless.yml declared it or a
 * client created it, as in AWS (connect-sns.html, connect-sqs.html, connect-ddb.html). A resource
 * that does not exist fails the call with the service's error (service-errors.ts).
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Json } from '../serverless/config';
import type { DynamoDbAction, JsonObject } from './definition';
import { serviceError, serviceStateError } from './service-errors';
import { StateError } from './errors';

const roundTrip = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));

/** A body or message the task gives as JSON is sent as its JSON text (connect-sqs.html, connect-sns.html). */
const asText = (value: Json | undefined): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * sns:publish (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html): Publish to
 * the topic `TopicArn` names. @returns `{MessageId}`. @throws StateError `SNS.NotFoundException`
 * (no such topic), `SNS.InvalidParameterException`, … as SNS answers.
 */
export async function publish(sns: SNSClient, input: JsonObject): Promise<Json> {
  try {
    const result = await sns.send(
      new PublishCommand({
        TopicArn: typeof input.TopicArn === 'string' ? input.TopicArn : undefined,
        Message: asText(input.Message),
        Subject: typeof input.Subject === 'string' ? input.Subject : undefined,
        MessageAttributes: input.MessageAttributes as never,
      }),
    );
    return { MessageId: result.MessageId ?? null };
  } catch (error) {
    throw serviceStateError('SNS', error);
  }
}

/**
 * The queue URL as SQS takes it. Step Functions' SDK sends the request to the URL itself, so a
 * value that is not a URL (a queue name) never reaches SQS: recorded on AWS as
 * `SQS.SdkClientException` "Unable to execute HTTP request: <value>: Name or service not known".
 * Any URL form reaches the emulator, which finds the queue by name (and region, in an
 * `sqs.<region>.` host): the AWS form `https://sqs.<region>.amazonaws.com/<account>/<name>`, the
 * legacy `https://<region>.queue.amazonaws.com/…`, or the emulator's own URL.
 */
function queueUrlOf(value: Json | undefined): string {
  if (typeof value === 'string' && /^https?:\/\/[^/]+\/.+/.test(value)) return value;
  const host = typeof value === 'string' ? value.split('/')[0] : String(value);
  throw new StateError('SQS.SdkClientException', `Unable to execute HTTP request: ${host}: Name or service not known`);
}

/**
 * sqs:sendMessage (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html).
 * @returns `{MessageId, MD5OfMessageBody}`. @throws StateError `SQS.QueueDoesNotExistException`
 * (no such queue), `SQS.AmazonSQSException` (e.g. MissingParameter), `SQS.SdkClientException`.
 */
export async function sendMessage(sqs: SQSClient, input: JsonObject): Promise<Json> {
  const QueueUrl = queueUrlOf(input.QueueUrl);
  try {
    const result = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: asText(input.MessageBody),
        DelaySeconds: typeof input.DelaySeconds === 'number' ? input.DelaySeconds : undefined,
        MessageAttributes: input.MessageAttributes as never,
        MessageGroupId: typeof input.MessageGroupId === 'string' ? input.MessageGroupId : undefined,
        MessageDeduplicationId:
          typeof input.MessageDeduplicationId === 'string' ? input.MessageDeduplicationId : undefined,
      }),
    );
    return { MessageId: result.MessageId ?? null, MD5OfMessageBody: result.MD5OfMessageBody ?? null };
  } catch (error) {
    throw serviceStateError('SQS', error);
  }
}

/**
 * dynamodb:getItem|putItem|updateItem|deleteItem (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html):
 * the Parameters are the API request, the result its response (without `$metadata`).
 * @throws StateError `DynamoDB.ResourceNotFoundException` (no such table),
 *   `DynamoDB.ConditionalCheckFailedException`, `DynamoDB.AmazonDynamoDBException` (validation), …
 */
export async function dynamoDbCall(client: DynamoDBClient, action: DynamoDbAction, input: JsonObject): Promise<Json> {
  const request = input as never;
  const commands = {
    getItem: () => client.send(new GetItemCommand(request)),
    putItem: () => client.send(new PutItemCommand(request)),
    updateItem: () => client.send(new UpdateItemCommand(request)),
    deleteItem: () => client.send(new DeleteItemCommand(request)),
  };
  try {
    const response: Record<string, unknown> = { ...(await commands[action]()) };
    delete response.$metadata;
    return roundTrip(response);
  } catch (error) {
    throw serviceStateError('DynamoDB', error);
  }
}

/**
 * The error Step Functions reports when a lambda:invoke names a function Lambda does not have:
 * `Lambda.ResourceNotFoundException`, "Function not found: <ARN>" (API_Invoke.html, 404).
 */
export function functionNotFound(functionName: string, region: string, accountId: string): StateError {
  const arn = functionName.startsWith('arn:')
    ? functionName
    : functionName.includes(':function:')
      ? `arn:aws:lambda:${region}:${functionName}`
      : `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  return serviceError('Lambda', 'ResourceNotFoundException', `Function not found: ${arn}`, 404);
}
