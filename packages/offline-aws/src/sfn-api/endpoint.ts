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
import { listenLocal } from '../endpoints/listen';

export interface SfnEndpoint {
  url: string;
  stop(): Promise<void>;
}

function parseBody(text: string): Body {
  if (!text) return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Body;
  } catch {
    // answered below
  }
  throw new StepFunctionsError('SerializationException', 'The request body is not a JSON object');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** @param port a fixed port on 127.0.0.1 (default: a free one). */
export async function startSfnEndpoint(runner: WorkflowRunner, port = 0): Promise<SfnEndpoint> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const send = (status: number, payload: Body) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(payload));
      };
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : target;
        const text = await readBody(request);
        send(200, await handleOperation(runner, operation, parseBody(text)));
      } catch (error) {
        const name = error instanceof StepFunctionsError ? error.name : 'InternalServerError';
        send(name === 'InternalServerError' ? 500 : 400, { __type: name, message: (error as Error).message });
      }
    })();
  });
  return listenLocal(server, port);
}
