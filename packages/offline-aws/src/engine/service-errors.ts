/**
 * The ASL errors of failed service-integration calls, named and worded as Step Functions reports
 * them. Step Functions calls the services with the AWS SDK for Java (v1), so a service error is
 * `<Service>.<Java exception class>` and its Cause is the exception's message:
 * `<message> (Service: <service>; Status Code: <n>; Error Code: <code>; Request ID: <id>; Proxy: null)`.
 * An error the operation's model does not list (e.g. DynamoDB's ValidationException, SQS's
 * MissingParameter) is the service's base class: `DynamoDB.AmazonDynamoDBException`,
 * `SQS.AmazonSQSException`. Recorded on AWS (LocalStack's AWS-validated snapshots of
 * test_task_service_dynamodb / test_task_service_sqs): a missing table is
 * `DynamoDB.ResourceNotFoundException` with "Requested resource not found (Service:
 * AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; …)"; a missing
 * MessageBody is `SQS.AmazonSQSException`; a QueueUrl that is not a URL is `SQS.SdkClientException`
 * "Unable to execute HTTP request: <host>: Name or service not known".
 * See https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html,
 * connect-sqs.html, connect-sns.html, connect-stepfunctions.html, connect-lambda.html.
 */
import { StateError } from './errors';

export type IntegratedService = 'SNS' | 'SQS' | 'DynamoDB' | 'StepFunctions' | 'Lambda';

interface ServiceModel {
  /** The service name the Java SDK writes in the Cause. */
  javaName: string;
  /** The base exception class, for errors the operation does not model. */
  baseException: string;
  /** The exception classes the operations Step Functions calls model (Java names). */
  modeled: ReadonlySet<string>;
}

const MODELS: Record<IntegratedService, ServiceModel> = {
  DynamoDB: {
    javaName: 'AmazonDynamoDBv2',
    baseException: 'AmazonDynamoDBException',
    // API_PutItem.html / GetItem / UpdateItem / DeleteItem, "Errors".
    modeled: new Set([
      'ConditionalCheckFailedException',
      'InternalServerErrorException',
      'ItemCollectionSizeLimitExceededException',
      'ProvisionedThroughputExceededException',
      'ReplicatedWriteConflictException',
      'RequestLimitExceeded',
      'ResourceNotFoundException',
      'TransactionConflictException',
    ]),
  },
  SQS: {
    javaName: 'AmazonSQS',
    baseException: 'AmazonSQSException',
    // API_SendMessage.html, "Errors".
    modeled: new Set([
      'InvalidAddressException',
      'InvalidMessageContentsException',
      'InvalidSecurityException',
      'KmsAccessDeniedException',
      'KmsDisabledException',
      'KmsInvalidKeyUsageException',
      'KmsInvalidStateException',
      'KmsNotFoundException',
      'KmsOptInRequiredException',
      'KmsThrottledException',
      'QueueDoesNotExistException',
      'RequestThrottledException',
      'UnsupportedOperationException',
    ]),
  },
  SNS: {
    javaName: 'AmazonSNS',
    baseException: 'AmazonSNSException',
    // API_Publish.html, "Errors".
    modeled: new Set([
      'AuthorizationErrorException',
      'EndpointDisabledException',
      'InternalErrorException',
      'InvalidParameterException',
      'InvalidParameterValueException',
      'InvalidSecurityException',
      'KMSAccessDeniedException',
      'KMSDisabledException',
      'KMSInvalidStateException',
      'KMSNotFoundException',
      'KMSOptInRequired',
      'KMSThrottlingException',
      'NotFoundException',
      'PlatformApplicationDisabledException',
      'ValidationException',
    ]),
  },
  StepFunctions: {
    javaName: 'AWSStepFunctions',
    baseException: 'AWSStepFunctionsException',
    // API_StartExecution.html, "Errors".
    modeled: new Set([
      'ExecutionAlreadyExistsException',
      'ExecutionLimitExceededException',
      'InvalidArnException',
      'InvalidExecutionInputException',
      'InvalidNameException',
      'KmsAccessDeniedException',
      'KmsInvalidStateException',
      'KmsThrottlingException',
      'StateMachineDeletingException',
      'StateMachineDoesNotExistException',
      'ValidationException',
    ]),
  },
  Lambda: {
    javaName: 'AWSLambda',
    baseException: 'AWSLambdaException',
    // API_Invoke.html, "Errors" (those a local function can meet).
    modeled: new Set([
      'InvalidRequestContentException',
      'RequestTooLargeException',
      'ResourceNotFoundException',
      'ServiceException',
      'TooManyRequestsException',
    ]),
  },
};

/** The Java class name of an error code: `QueueDoesNotExist` → `QueueDoesNotExistException`. */
const javaClass = (name: string): string =>
  /Exception$|^RequestLimitExceeded$|OptInRequired$/.test(name) ? name : `${name}Exception`;

/** Lambda-style request id (a UUID), as the Java SDK prints it. */
const requestId = (): string => crypto.randomUUID();

/**
 * A service's error as Step Functions reports it.
 * @param code the service's error code (`ResourceNotFoundException`, `AWS.SimpleQueueService.NonExistentQueue`).
 * @param name the exception name (the code unless the service's protocol names it otherwise).
 * @param status the HTTP status the service answered with.
 */
export function serviceError(
  service: IntegratedService,
  name: string,
  message: string,
  status = 400,
  code = name,
  id = requestId(),
): StateError {
  const model = MODELS[service];
  const candidate = javaClass(name);
  const exception = model.modeled.has(candidate) ? candidate : model.baseException;
  return new StateError(
    `${service}.${exception}`,
    `${message} (Service: ${model.javaName}; Status Code: ${status}; Error Code: ${code}; Request ID: ${id}; Proxy: null)`,
  );
}

/** What an `@aws-sdk/client-*` error carries (service errors have `$metadata`). */
interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** DynamoDB Local words a missing table differently from DynamoDB (recorded: "Requested resource not found"). */
const AWS_MESSAGES: Record<string, string> = {
  'Cannot do operations on a non-existent table': 'Requested resource not found',
};

/**
 * The ASL error of a failed call made through an `@aws-sdk/client-*` client (DynamoDB Local, the
 * SNS/SQS emulator): a service answer is mapped as Step Functions maps it (see the module comment).
 * Errors already named `States.*` or `<Service>.*` (an injected fault) pass through; any other
 * error (one that never reached the service) is `<Service>.<name>` with its message.
 */
export function serviceStateError(service: 'SNS' | 'SQS' | 'DynamoDB', error: unknown): StateError {
  const like: SdkErrorLike = typeof error === 'object' && error !== null ? error : { message: String(error) };
  const name = text(like.name) ?? 'Error';
  const message = text(like.message) ?? '';
  if (name.startsWith('States.') || name.startsWith(`${service}.`)) return new StateError(name, message);
  const metadata = like.$metadata;
  if (!metadata) return new StateError(`${service}.${name}`, message);
  // The SQS emulator prefixes every code the SQS query protocol has (AWS does so only for a few).
  const rawCode = text(like.Code) ?? name;
  const code = rawCode === name ? name.replace(/^AWS\.SimpleQueueService\./, '') : rawCode;
  return serviceError(
    service,
    name.replace(/^AWS\.SimpleQueueService\./, ''),
    AWS_MESSAGES[message] ?? message,
    metadata.httpStatusCode ?? 400,
    code,
    metadata.requestId ?? requestId(),
  );
}
