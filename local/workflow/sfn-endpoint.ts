/**
 * A local Step Functions endpoint speaking the service's JSON protocol (awsJson1_0), so service
 * code calls the runner through the ordinary SDK (`AWS_ENDPOINT_URL_SFN`): StartExecution,
 * DescribeExecution, SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepFunctionsError, type Execution, type WorkflowRunner } from './runner';
import type { JsonObject } from './definition';

export interface SfnEndpoint {
  url: string;
  stop(): Promise<void>;
}

type Body = Record<string, unknown>;

const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

function describe(execution: Execution): Body {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''),
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: epochSeconds(execution.stopDate),
    input: JSON.stringify(execution.input),
    output: execution.output === undefined ? undefined : JSON.stringify(execution.output),
    error: execution.error,
    cause: execution.cause,
  };
}

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new StepFunctionsError('ValidationException', `1 validation error detected: '${field}' must not be null`);
  }
  return value;
}

function handle(runner: WorkflowRunner, operation: string, body: Body): Body {
  switch (operation) {
    case 'StartExecution': {
      let input: unknown;
      try {
        input = JSON.parse(typeof body.input === 'string' ? body.input : '{}');
      } catch {
        throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
      }
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        throw new StepFunctionsError(
          'InvalidExecutionInput',
          'Invalid State Machine Execution Input: must be a JSON object',
        );
      }
      const execution = runner.startExecution(
        requireString(body, 'name'),
        input as JsonObject,
        requireString(body, 'stateMachineArn'),
      );
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    }
    case 'DescribeExecution':
      return describe(runner.getExecution(requireString(body, 'executionArn')));
    case 'SendTaskSuccess':
      runner.sendTaskSuccess(requireString(body, 'taskToken'), requireString(body, 'output'));
      return {};
    case 'SendTaskFailure':
      runner.sendTaskFailure(
        requireString(body, 'taskToken'),
        typeof body.error === 'string' ? body.error : undefined,
        typeof body.cause === 'string' ? body.cause : undefined,
      );
      return {};
    case 'SendTaskHeartbeat':
      requireString(body, 'taskToken');
      return {};
    default:
      throw new StepFunctionsError('UnknownOperationException', `The offline runner does not implement ${operation}`);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSfnEndpoint(runner: WorkflowRunner): Promise<SfnEndpoint> {
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
        send(200, handle(runner, operation, (text ? JSON.parse(text) : {}) as Body));
      } catch (error) {
        const name = error instanceof StepFunctionsError ? error.name : 'InternalServerError';
        send(name === 'InternalServerError' ? 500 : 400, { __type: name, message: (error as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
