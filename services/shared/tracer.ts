import { Tracer } from '@aws-lambda-powertools/tracer';

let tracer: Tracer | undefined;

/**
 * The process-wide Powertools tracer (X-Ray). A Lambda process runs one function, so one tracer
 * serves it; its service name is the first caller's, else POWERTOOLS_SERVICE_NAME.
 *
 * It is inert outside Lambda: Powertools disables tracing when AWS_EXECUTION_ENV is not set (unit
 * and integration tests, `npm start`, `sls invoke local`) or when POWERTOOLS_TRACE_ENABLED=false.
 * Then captured clients are returned untouched, annotations are no-ops and nothing is sent.
 */
export function processTracer(serviceName?: string): Tracer {
  tracer ??= new Tracer(serviceName === undefined ? {} : { serviceName });
  return tracer;
}

/**
 * Records every call of an AWS SDK v3 client as an X-Ray subsegment (service, operation, table,
 * throttling and errors). Call it where the client is created, before wrapping it (e.g. in a
 * DynamoDBDocumentClient).
 */
export function captureAwsClient<T>(client: T): T {
  return processTracer().captureAWSv3Client(client);
}
