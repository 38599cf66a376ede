/**
 * A local CloudWatch Logs endpoint speaking the service's JSON protocol (awsJson1_1, the operation
 * in `X-Amz-Target: Logs_20140328.<Operation>`), so `@aws-sdk/client-cloudwatch-logs` and
 * `aws logs` work against it unchanged (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`): the operations of
 * operations.ts over a LogStore. Errors are HTTP 400 `{"__type": "<ErrorCode>", "message"}`
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html); a
 * failure of the emulator itself is HTTP 500 `ServiceUnavailableException`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBodyWithin, parseJsonObjectBody } from '../endpoints/body';
import { listenLocal } from '../endpoints/listen';
import { LogsError } from './errors';
import { handleLogsOperation, type Body } from './operations';
import { MAX_BATCH_BYTES, type LogStore } from './store';

export interface LogsEndpoint {
  url: string;
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'Logs_20140328.';
/** A PutLogEvents batch at its limit, in JSON with escapes, fits in this. */
const MAX_REQUEST_BYTES = 4 * MAX_BATCH_BYTES;

function parseBody(text: string): Body {
  const body = parseJsonObjectBody(text);
  if (body === undefined) throw new LogsError('SerializationException', 'The request body is not a JSON object');
  return body as Body;
}

/** @param port a fixed port on 127.0.0.1 (default: a free one). */
export async function startLogsEndpoint(store: LogStore, port = 0): Promise<LogsEndpoint> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const send = (status: number, payload: Body) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      };
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
        const body = await readBodyWithin(request, MAX_REQUEST_BYTES);
        if (body === undefined) {
          response.setHeader('connection', 'close');
          response.once('finish', () => request.destroy());
          send(413, { __type: 'InvalidParameterException', message: `Request over ${MAX_REQUEST_BYTES} bytes` });
          return;
        }
        send(200, handleLogsOperation(store, operation, parseBody(body.toString('utf8'))));
      } catch (error) {
        if (error instanceof LogsError) send(400, { __type: error.name, message: error.message });
        else send(500, { __type: 'ServiceUnavailableException', message: (error as Error).message });
      }
    })();
  });
  return listenLocal(server, port);
}
