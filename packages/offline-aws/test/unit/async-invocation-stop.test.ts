/**
 * Stopping the asynchronous invoker (packages/offline-aws/src/lambda/async-invocation.ts) while events are still in
 * it: nothing is retried after the stack stops and nothing keeps the process alive. An attempt that
 * was running when the stack stopped used to schedule its retry a minute away afterwards; jest then
 * waited for that timer ("a worker process has failed to exit gracefully").
 */
import { join } from 'node:path';
import { AsyncInvoker } from '../../src/lambda/async-invocation';
import { loadServerlessConfig } from '../../src/serverless/config';

const config = loadServerlessConfig({ root: join(__dirname, '..', 'conformance', 'fixtures') });
const FUNCTION = Object.keys(config.functions)[0] ?? '';
const failure = Object.assign(new Error('boom'), { name: 'Error' });

/** An invoke whose attempts fail when the test says so, counting them. */
function controlledInvoke() {
  const attempts: (() => void)[] = [];
  const invoke = () =>
    new Promise<unknown>((_, reject) => {
      attempts.push(() => reject(failure));
    });
  return { invoke, attempts };
}

const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

it('does not retry an attempt that fails after stop(), and drains at once', async () => {
  const { invoke, attempts } = controlledInvoke();
  const invoker = new AsyncInvoker(config, invoke, { send: () => Promise.resolve() });
  const timeoutsBefore = activeTimeouts();
  invoker.accept(FUNCTION, { n: 1 });
  await Promise.resolve();
  expect(attempts).toHaveLength(1);
  invoker.stop();
  attempts[0]?.();
  await invoker.drain();
  expect(attempts).toHaveLength(1);
  expect(activeTimeouts()).toBe(timeoutsBefore);
});

it('ends a retry wait in progress at stop(), without another attempt', async () => {
  const { invoke, attempts } = controlledInvoke();
  const invoker = new AsyncInvoker(config, invoke, { send: () => Promise.resolve() });
  const timeoutsBefore = activeTimeouts();
  invoker.accept(FUNCTION, { n: 2 });
  await Promise.resolve();
  attempts[0]?.();
  // The first failure schedules the first retry (a minute away by default).
  await new Promise((resolve) => setImmediate(resolve));
  expect(activeTimeouts()).toBe(timeoutsBefore + 1);
  invoker.stop();
  await invoker.drain();
  expect(attempts).toHaveLength(1);
  expect(activeTimeouts()).toBe(timeoutsBefore);
  expect(invoker.attempts).toEqual([expect.objectContaining({ functionName: FUNCTION, attempt: 1, outcome: 'error' })]);
});
