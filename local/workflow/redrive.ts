/**
 * Redrive of the compensation dead-letter queue: every message is an order whose undo steps kept
 * failing. Replaying them is safe because each undo step is idempotent and a no-op when there is
 * nothing left to undo. A message is deleted only when every undo step succeeded; otherwise it
 * stays for the next redrive (and the queue-depth alarm stays on).
 */
import { z } from 'zod';
import { OrderIdSchema } from '../../services/shared/schemas';

/** The undo steps, in the order the state machine runs them. */
export const UNDO_FUNCTIONS = ['cancelShipment', 'refundPayment', 'releaseInventory'] as const;

/** What SendToDeadLetterQueue puts in the message body (workflows/order-processing.asl.yml). */
export const DeadLetterSchema = z.object({
  orderId: OrderIdSchema,
  customerId: z.string().optional(),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }).loose().optional(),
  compensationFailure: z.object({ Error: z.string(), Cause: z.string().optional() }).loose().optional(),
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

export type InvokeUndo = (
  functionName: (typeof UNDO_FUNCTIONS)[number],
  payload: { orderId: string },
) => Promise<unknown>;

export interface RedriveReport {
  redriven: string[];
  failed: { orderId: string | null; error: string }[];
}

export async function redriveCompensations(
  queue: DeadLetterQueue,
  invoke: InvokeUndo,
  log: (line: string) => void = () => undefined,
): Promise<RedriveReport> {
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
        for (const fn of UNDO_FUNCTIONS) await invoke(fn, { orderId: letter.orderId });
        await queue.remove(message.receiptHandle);
        report.redriven.push(letter.orderId);
        log(
          `✔ ${letter.orderId}: compensation completed (was ${letter.compensationFailure?.Error ?? 'unknown error'})`,
        );
      } catch (error) {
        report.failed.push({ orderId: letter.orderId, error: `${(error as Error).name}: ${(error as Error).message}` });
        log(`✖ ${letter.orderId}: ${(error as Error).name} — kept in the queue`);
      }
    }
  }
}
