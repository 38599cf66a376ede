/**
 * Redrive of the dead-letter queue. The state machine puts an order there when a step kept
 * failing past its retries, with the direction it must be finished in:
 * - `compensate` (a compensation step failed, before the pivot): run the undo steps again, mark the
 *   order CANCELLED (REJECTED when the review rejected it) and announce `OrderCancelled`;
 * - `complete` (a step after the pivot failed: the order is committed): mark it COMPLETED and
 *   announce `OrderCompleted` — never undo it.
 * Replaying is safe because every step is idempotent (an undo step with nothing left to undo is a
 * no-op; marking an order with the status it has changes nothing). A message is deleted only when
 * every step succeeded; otherwise it stays for the next redrive (and the queue-depth alarm stays on).
 */
import { z } from 'zod';
import { OrderEventSchema, type OrderEvent } from '../../services/shared/events';
import { MoneySchema, OrderIdSchema } from '../../services/shared/schemas';
import { failureReason } from '../../services/shared/workflow-errors';

const StepFailureSchema = z.object({ Error: z.string(), Cause: z.string().optional() }).loose();

/** What SendToDeadLetterQueue / SendCompletionToDeadLetterQueue put in the message body (the ASL). */
export const DeadLetterSchema = z.object({
  /** Absent in letters written before the forward path existed: those were all compensations. */
  action: z.enum(['compensate', 'complete']).default('compensate'),
  orderId: OrderIdSchema,
  customerId: z.string().optional(),
  total: z.optional(MoneySchema),
  failure: StepFailureSchema.optional(),
  compensationFailure: StepFailureSchema.optional(),
  completionFailure: StepFailureSchema.optional(),
  /** The order-events topic, to announce the outcome once reached. */
  topicArn: z.string().optional(),
  execution: z.string().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export interface DeadLetterMessage {
  body: string;
  receiptHandle: string;
}

export interface DeadLetterQueue {
  /** Up to 10 messages, hidden from other receivers while being redriven. */
  receive(): Promise<DeadLetterMessage[]>;
  remove(receiptHandle: string): Promise<void>;
}

/** Invokes a function (an undo step, or updateOrderStatus) by its name in serverless.yml. */
export type InvokeStep = (functionName: string, payload: { orderId: string } & JsonFields) => Promise<unknown>;
type JsonFields = Record<string, string | boolean>;

/**
 * Publishes an order event to a topic, as the state machine's SNS steps do: the event is one of the
 * payloads of services/shared/events.ts (OrderEventSchema), the one source of their fields.
 */
export type PublishEvent = (topicArn: string, event: OrderEvent) => Promise<void>;

/** The event, parsed with its schema before it is published. @throws ZodError when a field is off. */
const announce = (publish: PublishEvent, topicArn: string, event: OrderEvent): Promise<void> =>
  publish(topicArn, OrderEventSchema.parse(event));

export interface RedriveReport {
  redriven: string[];
  failed: { orderId: string | null; error: string }[];
}

export interface RedrivePorts {
  invoke: InvokeStep;
  /** The undo functions, in the order the state machine's compensation chain runs them (`compensationChain`). */
  undo: readonly string[];
  /** Announces the outcome on the letter's topic; without it, nothing is announced. */
  publish?: PublishEvent;
  log?: (line: string) => void;
}

async function finish(letter: DeadLetter, { invoke, undo, publish }: RedrivePorts): Promise<string> {
  const { orderId, customerId, topicArn } = letter;
  if (letter.action === 'complete') {
    await invoke('updateOrderStatus', { orderId, status: 'COMPLETED' });
    if (publish && topicArn && customerId && letter.total) {
      await announce(publish, topicArn, { type: 'OrderCompleted', orderId, customerId, total: letter.total });
    }
    return `completed (was ${letter.completionFailure?.Error ?? 'unknown error'})`;
  }
  for (const fn of undo) await invoke(fn, { orderId });
  const reason = failureReason(letter.failure?.Error, 'CompensationFailed');
  await invoke('updateOrderStatus', {
    orderId,
    status: reason === 'OrderRejected' ? 'REJECTED' : 'CANCELLED',
    reason,
  });
  if (publish && topicArn && customerId) {
    await announce(publish, topicArn, { type: 'OrderCancelled', orderId, customerId, reason });
  }
  return `compensation completed (was ${letter.compensationFailure?.Error ?? 'unknown error'})`;
}

/**
 * Replays every message of the queue in its direction.
 * @returns the orders finished (messages deleted) and those kept, with the error that kept them.
 */
export async function redriveDeadLetters(queue: DeadLetterQueue, ports: RedrivePorts): Promise<RedriveReport> {
  const log = ports.log ?? (() => undefined);
  const report: RedriveReport = { redriven: [], failed: [] };
  for (;;) {
    const messages = await queue.receive();
    if (messages.length === 0) return report;
    for (const message of messages) {
      let letter: DeadLetter;
      try {
        letter = DeadLetterSchema.parse(JSON.parse(message.body));
      } catch (error) {
        // Unreadable: keep it for a human, and say so.
        report.failed.push({ orderId: null, error: `unreadable message: ${(error as Error).message}` });
        log(`✖ unreadable dead letter kept in the queue`);
        continue;
      }
      try {
        const done = await finish(letter, ports);
        await queue.remove(message.receiptHandle);
        report.redriven.push(letter.orderId);
        log(`✔ ${letter.orderId}: ${done}`);
      } catch (error) {
        report.failed.push({ orderId: letter.orderId, error: `${(error as Error).name}: ${(error as Error).message}` });
        log(`✖ ${letter.orderId}: ${(error as Error).name} — kept in the queue`);
      }
    }
  }
}
