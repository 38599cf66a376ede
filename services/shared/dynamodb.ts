import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { captureAwsClient } from './tracer';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The process-wide DynamoDB document client. Created lazily and reused across warm invocations.
 * The endpoint comes from the SDK's standard configuration (AWS_ENDPOINT_URL_DYNAMODB locally),
 * so service code has no local-only branches. Its calls are X-Ray subsegments when tracing is on
 * (in Lambda; inert elsewhere, see tracer.ts).
 */
export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    // A few more retries than the default 3: throttling and timeouts are retried with backoff well
    // inside the function's timeout instead of failing the step.
    captureAwsClient(new DynamoDBClient({ maxAttempts: 5 })),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  return documentClient;
}

/** True when a DynamoDB call failed only because its ConditionExpression was false. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
