/**
 * The `sync-` host prefix of StartSyncExecution
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html):
 * the AWS SDK sends it to `sync-<endpoint host>`, which does not resolve for a local endpoint on
 * 127.0.0.1, so a client of the local endpoint sets `disableHostPrefix: true` (README, "Local
 * endpoints"). What the local endpoint then answers: sfn-api-integrations.test.ts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:express';
const received: IncomingHttpHeaders[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  // Stands in for the local endpoint: records what reaches it, answers as StartSyncExecution does.
  server = createServer((request, response) => {
    received.push(request.headers);
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({ executionArn: `${stateMachineArn}:x`, startDate: 0, stopDate: 0, status: 'SUCCEEDED' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const client = (options: { disableHostPrefix?: boolean }) =>
  new SFNClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    ...options,
  });

it('without disableHostPrefix the SDK asks for the host sync-127.0.0.1, which does not resolve', async () => {
  const sent = client({}).send(new StartSyncExecutionCommand({ stateMachineArn }));
  await expect(sent).rejects.toMatchObject({ code: 'ENOTFOUND', hostname: 'sync-127.0.0.1' });
  expect(received).toHaveLength(0);
});

it('with disableHostPrefix the request reaches the endpoint as it is', async () => {
  const answer = await client({ disableHostPrefix: true }).send(new StartSyncExecutionCommand({ stateMachineArn }));
  expect(answer.status).toBe('SUCCEEDED');
  expect(received.at(-1)).toMatchObject({
    host: endpoint.slice('http://'.length),
    'x-amz-target': 'AWSStepFunctions.StartSyncExecution',
  });
});
