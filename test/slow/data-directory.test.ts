/**
 * `npm start -- --data <dir>` keeps the executions' records and histories (engine/journal.ts): a
 * restart finds them as the API answered before; an execution the journal still has RUNNING (the
 * process ended without stopping it: a crash) is recorded ABORTED at the next start, as
 * StopExecution would have left it, and its status-change event reaches the rules (the
 * reconciler), which leave a finished order as it is. The queues keep their messages (the
 * emulator's persistence), their declared attributes and their URLs (the emulator's port again). The tables' persistence is DynamoDB Local's
 * own file mode (test/slow/start-data.test.ts runs the whole `npm start --data` round trip).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { STOPPED_WITH_THE_PROCESS } from 'offline-aws/engine/journal';
import { GetQueueAttributesCommand, ListQueuesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { deadLetterQueueUrl } from '../../tools/offline/escalation';
import { runScenario } from '../../tools/offline/scenario';
import { startTestRuntime } from '../support/runtime';

const data = mkdtempSync(join(tmpdir(), 'data-directory-'));
const journalFile = join(data, 'executions.json');
let runtime: Runtime | undefined;
afterAll(async () => {
  await runtime?.stop();
  rmSync(data, { recursive: true, force: true });
});

interface Journal {
  executions: { name: string; status: string; stopDate?: string; output?: unknown; records: unknown[] }[];
}

it('restores the executions and the queues’ messages, and records one left RUNNING by a crash ABORTED, its event published', async () => {
  runtime = await startTestRuntime({ data, skipWaitStates: true });
  const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  const dead = { QueueUrl: deadLetterQueueUrl(runtime), MessageBody: '{"orderId":"kept"}' };
  await runtime.messaging.sqs.send(new SendMessageCommand(dead));
  const orderId = (result.order as { orderId: string }).orderId;
  const before = runtime.runner.getExecution(runtime.runner.executionArn(orderId));
  const events = before.history.events.length;
  const queuesBefore = (await runtime.messaging.sqs.send(new ListQueuesCommand({}))).QueueUrls;
  await runtime.stop();
  runtime = undefined;

  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
  expect(journal.executions.map((e) => `${e.name} ${e.status}`)).toEqual([`${orderId} SUCCEEDED`]);

  // A restart restores it as it was; a queue keeps its messages and gets its declared attributes.
  runtime = await startTestRuntime({ data, skipWaitStates: true });
  const queue = deadLetterQueueUrl(runtime);
  expect(runtime.messaging.peek(queue)).toEqual(['{"orderId":"kept"}']);
  // Its URL as before, as on AWS: the emulator took its port again (it was free).
  expect((await runtime.messaging.sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual(queuesBefore);
  expect(queuesBefore).toContain(queue);
  const { Attributes } = await runtime.messaging.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue, AttributeNames: ['MessageRetentionPeriod'] }),
  );
  // workflows/serverless.yml declares 14 days (SQS's default is 4).
  expect(Attributes?.MessageRetentionPeriod).toBe('1209600');
  const restored = runtime.runner.getExecution(before.executionArn);
  expect(restored).toMatchObject({ status: 'SUCCEEDED', input: before.input, output: before.output });
  expect(restored.history.events).toHaveLength(events);
  expect(restored.trace.map((state) => state.name)).toEqual(before.trace.map((state) => state.name));
  await runtime.stop();
  runtime = undefined;

  // The journal as a crash would have left it: the execution still running at its fulfilment window.
  const [entry] = journal.executions;
  if (!entry) throw new Error('no journal entry');
  Object.assign(entry, { status: 'RUNNING', records: entry.records.slice(0, 8) });
  delete entry.stopDate;
  delete entry.output;
  writeFileSync(journalFile, JSON.stringify(journal));

  runtime = await startTestRuntime({ data, skipWaitStates: true });
  const aborted = runtime.runner.getExecution(before.executionArn);
  expect(aborted).toMatchObject({ status: 'ABORTED', error: 'States.Runtime', cause: STOPPED_WITH_THE_PROCESS });
  expect(aborted.history.events.at(-1)?.type).toBe('ExecutionAborted');
  await runtime.events.drain();
  await runtime.messaging.drain();
  expect(runtime.events.published.map((e) => `${e.detail.name} ${e.detail.status}`)).toContain(`${orderId} ABORTED`);
  // The reconciler got it, and left the order that had completed as it is.
  expect(runtime.events.outcomes.some((o) => o.rule.endsWith('reconcile-order') && o.outcome === 'delivered')).toBe(
    true,
  );
  expect(() => runtime?.runner.redriveExecution(before.executionArn)).toThrow(/restored from the local data directory/);
}, 240_000);
