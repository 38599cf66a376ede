/**
 * Edit while it runs, on the application: the runtime runs a temporary copy of the project with
 * its watcher on (what `npm start` turns on), and an edit of a business rule in a service's domain
 * code (a payment limit added to services/payment/domain/payment.ts) changes the next order's
 * outcome without a restart, while only the functions that bundle that file are rebuilt; an edit of
 * the saga's definition (which names its Express children's versions) applies to new executions.
 * The repository's own files are never edited.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { copyProject, watchRecorder, type ProjectCopy } from 'offline-aws/testing';
import { runScenario } from '../../tools/offline/scenario';
import { startTestRuntime } from '../support/runtime';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** What the functions and offline.config.ts need: the configuration, the code, the seed. */
const PROJECT = ['serverless.yml', 'package.json', 'tsconfig.json', 'offline.config.ts'];
const FOLDERS = ['services', 'workflows', 'ops', 'events', 'tools'];
const HAPPY_PATH = join(ROOT, 'events', 'workflow', 'happy-path.json');
const PAYMENT_RULES = join('services', 'payment', 'domain', 'payment.ts');
const AUTHORIZE = 'const outcome = await provider.authorize(orderId, amount, paymentToken);';
/** The new rule: no card payment over 100.00 (the sample order is 149.97). */
const WITH_LIMIT =
  "const outcome = amount.amount > 10_000 ? { approved: false as const, reason: 'over the limit' } : await provider.authorize(orderId, amount, paymentToken);";

let copy: ProjectCopy;
let runtime: Runtime;
const recorder = watchRecorder();

beforeAll(async () => {
  copy = copyProject(ROOT, join(ROOT, 'node_modules'), [...PROJECT, ...FOLDERS]);
  runtime = await startTestRuntime({ root: copy.root, watch: { onEvent: (e) => recorder.onEvent(e), debounceMs: 50 } });
});

afterAll(async () => {
  await runtime?.stop();
  copy?.remove();
});

it('changes the next order’s outcome when a domain rule is edited, without a restart', async () => {
  const before = await runScenario(runtime, HAPPY_PATH);
  expect({ status: before.status, error: before.error }).toEqual({ status: 'SUCCEEDED', error: null });

  const source = join(copy.root, PAYMENT_RULES);
  const text = readFileSync(source, 'utf8');
  expect(text).toContain(AUTHORIZE);
  const reloaded = recorder.next('functions-reloaded');
  writeFileSync(source, text.replace(AUTHORIZE, WITH_LIMIT));
  const { functions, files } = await reloaded;
  expect(files).toEqual([PAYMENT_RULES]);
  expect(functions).toContain('authorizePayment');
  // Only the functions that bundle the payment rules: not the orders', inventory's or shipping's.
  expect(functions).not.toContain('createOrder');
  expect(functions).not.toContain('reserveInventory');

  const after = await runScenario(runtime, HAPPY_PATH);
  expect({ status: after.status, error: after.error }).toEqual({ status: 'FAILED', error: 'PaymentDeclined' });
});

it('applies an edit of the saga’s definition, whose Tasks name its Express children, to new executions', async () => {
  const definition = join(copy.root, 'workflows', 'order-processing.asl.yml');
  const text = readFileSync(definition, 'utf8');
  const reloaded = recorder.next('definition-reloaded');
  expect(text).toMatch(/^Comment: /m);
  writeFileSync(definition, text.replace(/^Comment: /m, 'Comment: (edited while it runs) '));
  expect(await reloaded).toMatchObject({ kind: 'definition-reloaded' });
  expect(String(runtime.runner.workflow.definition.Comment)).toContain('(edited while it runs)');
  // New executions run it (this one declines: the payment limit of the test above is still in).
  const after = await runScenario(runtime, HAPPY_PATH);
  expect({ status: after.status, error: after.error }).toEqual({ status: 'FAILED', error: 'PaymentDeclined' });
});
