/**
 * Publishes Step Functions' status-change events to the project's EventBridge rules: every status
 * change of every Standard execution — started (RUNNING), redriven (RUNNING again), SUCCEEDED,
 * FAILED, TIMED_OUT, ABORTED — as "Automating Step Functions event delivery with EventBridge"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html) lists them;
 * Express workflows send none. Each matching rule's targets get it asynchronously
 * (delivery.ts): the execution never waits for, nor fails with, a delivery.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { WorkflowRunner } from '../engine/runner';
import type { Messaging } from '../messaging/messaging';
import type { Execution } from '../engine/execution';
import type { ServerlessConfig } from '../serverless/config';
import { EventDeliveries, REMEMBERED, type DeliveryDeps, type DeliveryOutcome } from './delivery';
import { eventRules, type EventRule } from './rules';
import { statusChangeEvent, type StatusChangeEvent } from './status-event';

export interface StatusEvents {
  readonly rules: readonly EventRule[];
  /** The last 1000 events published (matched by a rule or not), oldest first. */
  readonly published: readonly StatusChangeEvent[];
  /** What became of the last 1000 (event, target) deliveries. */
  readonly outcomes: readonly DeliveryOutcome[];
  /** Resolves once every delivery queued so far is done. */
  drain(): Promise<void>;
  stop(): void;
}

/**
 * Reads the rules and subscribes to the runner.
 * @throws Error naming a rule the stack cannot honour (rules.ts), before anything is subscribed
 */
export function publishStatusEvents(
  config: ServerlessConfig,
  runner: WorkflowRunner,
  deps: DeliveryDeps,
): StatusEvents {
  const rules = eventRules(config);
  const deliveries = new EventDeliveries(deps);
  const published: StatusChangeEvent[] = [];
  const publish = (execution: Execution) => {
    if (execution.type !== 'STANDARD') return;
    try {
      const event = statusChangeEvent(execution);
      published.push(event);
      if (published.length > REMEMBERED) published.splice(0, published.length - REMEMBERED);
      for (const rule of rules) {
        if (!rule.matches(event)) continue;
        for (const target of rule.targets) deliveries.deliver(rule, target, event);
      }
    } catch (error) {
      // A publication problem is the stack's, never the execution's.
      deps.print(`[events] ${execution.executionArn}: ${String(error)}`);
    }
  };
  const offHistory = runner.onHistoryEvent((execution, _machine, event) => {
    if (event.type === 'ExecutionStarted' || event.type === 'ExecutionRedriven') publish(execution);
  });
  const offEnd = runner.onEvent((event) => {
    if (event.type === 'ExecutionEnded') publish(event.execution);
  });
  return {
    rules,
    published,
    outcomes: deliveries.outcomes,
    drain: () => deliveries.drain(),
    stop() {
      offHistory();
      offEnd();
      deliveries.stop();
    },
  };
}

export interface StatusEventsOptions {
  /** ms before a failed delivery's first retry, doubled each retry (default 1000; tests shorten it). */
  retryBaseDelayMs?: number;
  /** Where the lines of dead-lettered and dropped deliveries go (default stderr). */
  print?: (line: string) => void;
}

/**
 * Publishes to the rules with the local stack's Lambda asynchronous queue and SQS emulator.
 * @throws Error naming a rule the stack cannot honour (rules.ts)
 */
export function startStatusEvents(
  config: ServerlessConfig,
  runner: WorkflowRunner,
  messaging: Messaging,
  options: StatusEventsOptions = {},
): StatusEvents {
  return publishStatusEvents(config, runner, {
    invokeAsync: (functionName, event, label) => {
      messaging.asyncInvocations.accept(functionName, event, { label });
    },
    async sendToQueue(queueName, body, attributes) {
      const MessageAttributes = Object.fromEntries(
        Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
      );
      await messaging.sqs.send(
        new SendMessageCommand({ QueueUrl: messaging.queueUrl(queueName), MessageBody: body, MessageAttributes }),
      );
    },
    print: options.print ?? ((line) => process.stderr.write(`${line}\n`)),
    retryBaseDelayMs: options.retryBaseDelayMs,
  });
}
