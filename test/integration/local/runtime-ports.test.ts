/**
 * `ports` of startRuntime (packages/offline-aws/src/runtime.ts): the SNS/SQS emulator, the Step Functions endpoint and
 * the Lambda endpoint listen where they are told, and a port in use fails the start with
 * EADDRINUSE, leaving nothing of that start running.
 */
import { createServer, type Server } from 'node:http';
import { freePort } from 'offline-aws/dynamodb/dynamodb-local';
import type { Runtime } from 'offline-aws/runtime';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime | undefined;
let blocker: Server | undefined;
afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
});

it('listens on the given ports', async () => {
  const ports = { messaging: await freePort(), stepFunctions: await freePort(), lambda: await freePort() };
  runtime = await startTestRuntime({ ports });
  expect(new URL(runtime.messaging.endpoint).port).toBe(String(ports.messaging));
  expect(new URL(runtime.sfn.url).port).toBe(String(ports.stepFunctions));
  expect(new URL(runtime.lambdaEndpoint.url).port).toBe(String(ports.lambda));
});

it('fails with EADDRINUSE when a port is taken, and frees the ports it had opened', async () => {
  const ports = { messaging: await freePort(), stepFunctions: await freePort(), lambda: await freePort() };
  blocker = createServer();
  await new Promise<void>((resolve) => blocker?.listen(ports.lambda, '127.0.0.1', resolve));
  await expect(startTestRuntime({ ports })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  // The emulator and the Step Functions endpoint it had started are closed again.
  for (const port of [ports.messaging, ports.stepFunctions]) {
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
  }
});
