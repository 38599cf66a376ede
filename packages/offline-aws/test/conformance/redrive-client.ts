/**
 * What the RedriveExecution conformance tests share (sfn-api-redrive*.test.ts): callback tasks the
 * test fails, then answers, once redriven; reading their tokens, by label, from the history; and
 * small readers of histories. Written with `@aws-sdk/client-sfn` only.
 */
import {
  DescribeExecutionCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { history, type Conformance } from './sfn-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The events after the first of `type`. */
export const after = (events: HistoryEvent[], type: string) =>
  events.slice(events.findIndex((e) => e.type === type) + 1);

/** The names of the states entered, in order. */
export const entered = (events: HistoryEvent[]) =>
  events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);

/** The helpers, bound to the stack `stack()` gives (started in the test file's beforeAll). */
export function redriveHelpers(stack: () => Conformance) {
  /** A callback task sending its token (and `label`) in an SQS message to the fixture's queue. */
  const callback = (label: string, extra: object = {}) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    Parameters: { QueueUrl: stack().queueUrl, MessageBody: { label, 'token.$': '$$.Task.Token' } },
    ...extra,
  });
  const succeed = (taskToken: string, output: unknown) =>
    stack().sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  const fail = (taskToken: string) =>
    stack().sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Not.Yet', cause: 'try again later' }));
  const redrive = (executionArn: string, clientToken?: string) =>
    stack().sfn.send(new RedriveExecutionCommand({ executionArn, ...(clientToken ? { clientToken } : {}) }));
  const describe = (executionArn: string) => stack().sfn.send(new DescribeExecutionCommand({ executionArn }));

  /** The tokens sent so far, by the label of the task that sent them, oldest first. */
  async function tokensByLabel(executionArn: string): Promise<Map<string, string[]>> {
    const byLabel = new Map<string, string[]>();
    for (const event of await history(stack(), executionArn)) {
      const parameters = event.taskScheduledEventDetails?.parameters;
      if (!parameters) continue;
      const body = (JSON.parse(parameters) as { MessageBody: { label: string; token: string } }).MessageBody;
      byLabel.set(body.label, [...(byLabel.get(body.label) ?? []), body.token]);
    }
    return byLabel;
  }

  /** Polls the history until `count` tokens of each label were sent. */
  async function waitForTokens(executionArn: string, count: Record<string, number>): Promise<Map<string, string[]>> {
    for (let i = 0; i < 400; i += 1) {
      const tokens = await tokensByLabel(executionArn);
      if (Object.entries(count).every(([label, n]) => (tokens.get(label)?.length ?? 0) >= n)) return tokens;
      await sleep(25);
    }
    throw new Error(`${executionArn}: tokens ${JSON.stringify(count)} never sent`);
  }

  /** Polls the history until `predicate` holds for one of its events. */
  async function waitForEvent(executionArn: string, predicate: (event: HistoryEvent) => boolean): Promise<void> {
    for (let i = 0; i < 400; i += 1) {
      if ((await history(stack(), executionArn)).some(predicate)) return;
      await sleep(25);
    }
    throw new Error(`${executionArn}: the awaited event never came`);
  }

  return { callback, succeed, fail, redrive, describe, tokensByLabel, waitForTokens, waitForEvent };
}
