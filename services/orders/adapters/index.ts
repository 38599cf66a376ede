import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { captureAwsClient } from '#shared/tracer';
import { DynamoDbOrderRepository } from './dynamodb-order-repository';
import { LambdaUndoSteps } from './lambda-undo-steps';
import { SfnExecutionHistory } from './sfn-execution-history';
import { SfnReviewCallback, SfnWorkflowStarter } from './sfn-workflow';
import { SnsEventPublisher } from './sns-event-publisher';

// Adapters the handlers use, built once per process (warm invocations reuse them). Endpoints come from the
// SDK's standard configuration (AWS_ENDPOINT_URL_SFN / _SNS locally), so there are no local-only branches.
// Every SDK client is captured by the tracer (X-Ray subsegments in Lambda; inert elsewhere).

let repository: DynamoDbOrderRepository | undefined;
let sfn: SFNClient | undefined;
let sns: SNSClient | undefined;
let starter: SfnWorkflowStarter | undefined;
let callback: SfnReviewCallback | undefined;
let publisher: SnsEventPublisher | undefined;

export function orderRepository(): DynamoDbOrderRepository {
  repository ??= new DynamoDbOrderRepository(dynamoDocumentClient(), requireEnv('ORDERS_TABLE'));
  return repository;
}

/** Short connection timeout: an unreachable workflow should answer 503 quickly, not hold the API call. */
function sfnClient(): SFNClient {
  sfn ??= captureAwsClient(new SFNClient({ requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } }));
  return sfn;
}

export function workflowStarter(): SfnWorkflowStarter {
  starter ??= new SfnWorkflowStarter(sfnClient(), requireEnv('ORDER_STATE_MACHINE_ARN'));
  return starter;
}

export function reviewCallback(): SfnReviewCallback {
  callback ??= new SfnReviewCallback(sfnClient());
  return callback;
}

export function eventPublisher(): SnsEventPublisher {
  sns ??= captureAwsClient(new SNSClient({}));
  publisher ??= new SnsEventPublisher(sns, requireEnv('ORDER_EVENTS_TOPIC_ARN'));
  return publisher;
}

let history: SfnExecutionHistory | undefined;
let undoChain: LambdaUndoSteps | undefined;

export function executionHistory(): SfnExecutionHistory {
  history ??= new SfnExecutionHistory(sfnClient());
  return history;
}

/** The undo functions by deployed name, in the compensation chain's order (UNDO_FUNCTIONS, comma-separated). */
export function undoSteps(): LambdaUndoSteps {
  const names = requireEnv('UNDO_FUNCTIONS')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  undoChain ??= new LambdaUndoSteps(captureAwsClient(new LambdaClient({})), names);
  return undoChain;
}
