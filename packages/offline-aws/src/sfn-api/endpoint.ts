/**
 * A local Step Functions endpoint speaking the service's JSON protocol (awsJson1_0, operation in
 * the `X-Amz-Target: AWSStepFunctions.<Operation>` header), so any AWS client works against it
 * unchanged (`AWS_ENDPOINT_URL_SFN`): the operations of src/sfn-api/operations.ts. Errors are
 * answered as the service answers them: HTTP 400 with `{"__type": "<ErrorCode>", "message": …}`
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html); a failure of
 * the emulator itself is HTTP 500 `InternalServerError`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StepFunctionsError } from '../engine/errors';
import type { WorkflowRunner } from '../engine/runner';
import { handleOperation, type Body } from './operations';
import { readBodyWithin, parseJsonObjectBody } from '../endpoints/body';
import { listenLocal } from '../endpoints/listen';

export interface SfnEndpoint {
  url: string;
  stop(): Promise<void>;
}

function parseBody(text: string): Body {
  const body = parseJsonObjectBody(text);
  if (body === undefined)
    throw new StepFunctionsError('SerializationException', 'The request body is not a JSON object');
  return body as Body;
}

/**
 * Step Functions' request size quota: 1 MB per API request, headers included (Step Functions
 * Developer Guide, "Step Functions service quotas", General quotas). Checked on the body, from
 * Content-Length before reading and while reading otherwise; AWS's exact answer to an oversized
 * request is not documented (packages/offline-aws/docs/fidelity.md).
 */
export const MAX_REQUEST_BYTES = 1_048_576;

class RequestTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const body = await readBodyWithin(request, MAX_REQUEST_BYTES);
  if (body === undefined) throw new RequestTooLarge();
  return body.toString('utf8');
}

/** @param port a fixed port on 127.0.0.1 (default: a free one). */
export async function startSfnEndpoint(runner: WorkflowRunner, port = 0): Promise<SfnEndpoint> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const send = (status: number, payload: Body) => {
        // Serialized before the head is written: a body that cannot be (too deep for
        // JSON.stringify) is then answered as a server error instead of leaving a half-sent response.
        const text = JSON.stringify(payload);
        if (response.headersSent) return;
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(text);
      };
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : target;
        const text = await readBody(request);
        send(200, await handleOperation(runner, operation, parseBody(text)));
      } catch (error) {
        if (error instanceof RequestTooLarge) {
          // Answered without reading the rest; the connection closes so the client stops sending.
          response.setHeader('connection', 'close');
          response.once('finish', () => request.destroy());
          send(413, {
            __type: 'RequestEntityTooLargeException',
            message: `Request size exceeds the Step Functions quota of ${MAX_REQUEST_BYTES} bytes`,
          });
          return;
        }
        const name = error instanceof StepFunctionsError ? error.name : 'InternalServerError';
        const fields = error instanceof StepFunctionsError ? error.fields : {};
        const message = error instanceof Error ? error.message : String(error);
        send(name === 'InternalServerError' ? 500 : 400, { __type: name, message, ...fields });
      }
    })();
  });
  return listenLocal(server, port);
}
