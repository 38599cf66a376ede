/**
 * Step Functions status-change events offline (src/events/) against AWS's pages:
 * - the event: "Automating Step Functions event delivery with EventBridge"
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html);
 * - which rules get it: "Amazon EventBridge event patterns" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html);
 * - delivery and the DLQ: "Using dead-letter queues to process undelivered events"
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 * The project is test/fixtures/events-project (rules, listener, state machine). No database: these
 * tests start no java process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CapturedLines, TEST_INIT_LIMIT_MS } from '../../src/testing';
import { loadWorkflowDefinition } from '../../src/engine/definition';
import { WorkflowRunner, type Execution } from '../../src/engine/runner';
import { startStatusEvents, type StatusEvents } from '../../src/events/status-events';
import type { StatusChangeEvent } from '../../src/events/status-event';
import { LambdaPool } from '../../src/lambda/pool';
import { LogSink } from '../../src/logs/sink';
import { startMessaging, type Messaging } from '../../src/messaging/messaging';
import { loadServerlessConfig } from '../../src/serverless/config';

const config = loadServerlessConfig({ root: join(import.meta.dirname, '..', 'fixtures', 'events-project') });
const receivedFile = join(tmpdir(), `events-conformance-${process.pid}.jsonl`);
const said = new CapturedLines();
let pool: LambdaPool;
let messaging: Messaging;
let runner: WorkflowRunner;
let events: StatusEvents;

beforeAll(async () => {
  rmSync(receivedFile, { force: true });
  const log = new LogSink({ print: said.print });
  pool = new LambdaPool(config, { idleTimeoutMs: 60_000, initLimitMs: TEST_INIT_LIMIT_MS, log });
  messaging = await startMessaging(config, (name, event, options) => pool.invoke(name, event, options), {
    print: said.print,
  });
  runner = new WorkflowRunner(loadWorkflowDefinition(config), {
    config,
    invoke: (name, payload) => pool.invoke(name, payload),
    messaging,
  });
  events = startStatusEvents(config, runner, messaging, { retryBaseDelayMs: 5, print: said.print });
}, 60_000);
afterAll(async () => {
  events.stop();
  await runner.abortAll();
  await messaging.stop();
  await pool.stop();
  rmSync(receivedFile, { force: true });
});

/** Runs the execution to its end, then waits for every delivery (and the listener's invocations). */
async function settle(execution: Execution): Promise<Execution> {
  const ended = await execution.completion;
  await events.drain();
  await messaging.drain();
  return ended;
}

/** The events a function was invoked with (what test/fixtures/events-project/handlers/listener.ts wrote). */
function received(functionName: string): StatusChangeEvent[] {
  if (!existsSync(receivedFile)) return [];
  return readFileSync(receivedFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { functionName: string; event: StatusChangeEvent })
    .filter((line) => line.functionName === `events-conformance-${config.stage}-${functionName}`)
    .map((line) => line.event);
}

/**
 * An execution's events in lifecycle order (by redrive count, RUNNING first). Deliveries run
 * concurrently and EventBridge does not promise order either (eventbridge-integration.html: events
 * are sent on a best-effort basis), so arrival order is not what these tests check.
 */
const of = (list: StatusChangeEvent[], executionArn: string) =>
  list
    .filter((e) => e.detail.executionArn === executionArn)
    .map((e, arrival) => ({ e, arrival }))
    .sort(
      (a, b) =>
        a.e.detail.redriveCount - b.e.detail.redriveCount ||
        Number(a.e.detail.status !== 'RUNNING') - Number(b.e.detail.status !== 'RUNNING') ||
        a.arrival - b.arrival,
    )
    .map(({ e }) => e);

describe('the "Step Functions Execution Status Change" event (eventbridge-integration.html)', () => {
  it('RUNNING then SUCCEEDED: the envelope, dates in epoch ms, input and output as JSON text', async () => {
    const execution = await settle(runner.startExecution('ok-1', { mode: 'pass', n: 1 }));
    const [running, succeeded] = of(received('listener'), execution.executionArn);
    expect(running).toMatchObject({
      version: '0',
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: config.accountId,
      region: 'eu-west-1',
      resources: [execution.executionArn],
      detail: {
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: 'ok-1',
        status: 'RUNNING',
        startDate: execution.startDate.getTime(),
        stopDate: null,
        input: '{"mode":"pass","n":1}',
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
      },
    });
    expect(running?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(succeeded?.detail).toMatchObject({
      status: 'SUCCEEDED',
      stopDate: execution.stopDate?.getTime(),
      output: '{"done":true}',
      outputDetails: { included: true },
      error: null,
      cause: null,
      redriveCount: 0,
    });
    expect(succeeded?.id).not.toBe(running?.id);
  });

  it('FAILED carries the error and cause, and no output', async () => {
    const execution = await settle(runner.startExecution('fail-1', { mode: 'fail' }));
    const failed = of(received('listener'), execution.executionArn).find((e) => e.detail.status === 'FAILED');
    expect(failed?.detail).toMatchObject({
      status: 'FAILED',
      error: 'Refused',
      cause: 'the input asked for it',
      output: null,
      stopDate: execution.stopDate?.getTime(),
    });
  });

  it('ABORTED after StopExecution, with its error and cause', async () => {
    const started = runner.startExecution('abort-1', { mode: 'wait' });
    runner.stopExecution(started.executionArn, 'Operator', 'stopped by the test');
    const execution = await settle(started);
    const aborted = of(received('listener'), execution.executionArn).find((e) => e.detail.status === 'ABORTED');
    expect(aborted?.detail).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped by the test' });
  });

  it("TIMED_OUT when the machine's TimeoutSeconds passes", async () => {
    const execution = await settle(runner.startExecution('timeout-1', { mode: 'wait' }));
    expect(execution.status).toBe('TIMED_OUT');
    const statuses = of(received('listener'), execution.executionArn).map((e) => e.detail.status);
    expect(statuses).toEqual(['RUNNING', 'TIMED_OUT']);
  });
});

describe('a redrive (eventbridge-integration.html, API_RedriveExecution.html)', () => {
  it('publishes RUNNING again, with the redrive count and date, then the new end', async () => {
    const first = await settle(runner.startExecution('redrive-1', { mode: 'fail' }));
    const redriveDate = runner.redriveExecution(first.executionArn);
    const again = await settle(runner.getExecution(first.executionArn));
    const seen = of(received('listener'), again.executionArn).map((e) => e.detail);
    expect(seen.map((d) => [d.status, d.redriveCount])).toEqual([
      ['RUNNING', 0],
      ['FAILED', 0],
      ['RUNNING', 1],
      ['FAILED', 1],
    ]);
    expect(seen[2]).toMatchObject({ redriveDate: redriveDate.getTime(), stopDate: null, error: null });
  });
});

describe('rules (eb-event-patterns.html, eb-rule-dlq.html)', () => {
  it('a rule whose pattern does not match gets nothing; a resource rule gets only what its pattern names', async () => {
    const execution = await settle(runner.startExecution('rules-1', { mode: 'pass' }));
    expect(received('s3Listener')).toEqual([]);
    // The listener is the target of two rules: its function's (every status) and SucceededRule.
    const statuses = of(received('listener'), execution.executionArn).map((e) => e.detail.status);
    expect(statuses.sort()).toEqual(['RUNNING', 'SUCCEEDED', 'SUCCEEDED']);
    expect(
      events.outcomes.filter((o) => o.rule === 'events-conformance-succeeded' && o.outcome === 'delivered').length,
    ).toBeGreaterThan(0);
  });

  it('a target function that does not exist is not retried: the event goes to the DLQ with its attributes', async () => {
    const execution = await settle(runner.startExecution('gone-1', { mode: 'fail' }));
    const { Messages = [] } = await messaging.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: messaging.queueUrl('events-conformance-dead-letters'),
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    const message = Messages.find(
      (m) => (JSON.parse(m.Body ?? '{}') as StatusChangeEvent).detail?.executionArn === execution.executionArn,
    );
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({ source: 'aws.states', detail: { status: 'FAILED' } });
    const attribute = (name: string) => message?.MessageAttributes?.[name]?.StringValue;
    expect(attribute('RULE_ARN')).toBe(`arn:aws:events:eu-west-1:${config.accountId}:rule/events-conformance-gone`);
    expect(attribute('TARGET_ARN')).toBe(
      `arn:aws:lambda:eu-west-1:${config.accountId}:function:events-conformance-gone`,
    );
    expect(attribute('ERROR_CODE')).toBe('NO_RESOURCE');
    expect(attribute('RETRY_ATTEMPTS')).toBe('0');
    expect(said.lines.some((line) => line.includes('events-conformance-gone') && line.includes('dead-lettered'))).toBe(
      true,
    );
  });
});
