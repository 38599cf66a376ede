import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { ValidationError } from '#shared/errors';
import { ImportOrderLineSchema, type ImportOrderInput, type ImportOrderResult } from '../schemas';
import { canonicalJson, createOrder, type CreateOrderConfig, type CreateOrderPorts } from './create-order';

/** Prefix of the Idempotency-Key derived for a line that names none (so it is told apart from a client's). */
export const DERIVED_KEY_PREFIX = 'import-';

/**
 * The Idempotency-Key of an import line: its own `idempotencyKey` when it has one (then the line is
 * the same order as a POST /orders by that customer with that Idempotency-Key header), else
 * `import-` + the first 40 hex digits of the SHA-256 of the order body as canonical JSON (key order
 * does not matter). So a re-run of the same file, or of a file holding the same line elsewhere,
 * places nothing twice; two identical orders of one customer in one file are one order unless the
 * lines give keys of their own.
 */
export function importIdempotencyKey(line: { idempotencyKey?: string; order: unknown }): string {
  if (line.idempotencyKey !== undefined) return line.idempotencyKey;
  const hash = createHash('sha256').update(canonicalJson(line.order), 'utf8').digest('hex');
  return `${DERIVED_KEY_PREFIX}${hash.slice(0, 40)}`;
}

/**
 * Places one line of a bulk import through the same path as POST /orders (`createOrder`: same
 * schema, same order id rule, same workflow start), with the line's customer and Idempotency-Key
 * (`importIdempotencyKey`).
 * @returns `{ lineNumber, orderId, status, outcome }`: `placed`, or `already-placed` when the key
 *   matched an order stored before (nothing is written, no second execution starts).
 * @throws ValidationError "Invalid import line <n>: <path>: <problem>" when the line does not match
 *   ImportOrderLineSchema (nothing is written); IdempotencyKeyReused when its key was used with
 *   another order; WorkflowUnavailable when Step Functions cannot be reached (the order stays stored:
 *   a retry starts it).
 */
export async function importOrder(
  ports: CreateOrderPorts,
  input: ImportOrderInput,
  now: string,
  config: CreateOrderConfig,
): Promise<ImportOrderResult> {
  const parsed = z.safeParse(ImportOrderLineSchema, input.line);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, `import line ${input.lineNumber}`);
  const line = parsed.data;
  const { orderId, status, created } = await createOrder(
    ports,
    { customerId: line.customerId, body: line.order, idempotencyKey: importIdempotencyKey(line) },
    now,
    config,
  );
  return { lineNumber: input.lineNumber, orderId, status, outcome: created ? 'placed' : 'already-placed' };
}
