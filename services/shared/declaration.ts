/**
 * A service's declaration of itself: the one place the offline runtime, the order invariant, the
 * scenario output, the tests (property, idempotency, sample events), the drift checks and the docs
 * read what a service owns and offers. Everything else (functions, table resources, IAM) comes from
 * the service's serverless.yml fragment. No AWS import: the declaration is data plus zod schemas.
 */
import type * as z from 'zod/mini';

/** What a service keeps per order in its own table, as the scenario output and the invariant read it. */
export interface OrderRecordDeclaration {
  /** Its key in a scenario's `services` output (`inventory`, `payment`, `shipping`, `notifications`). */
  reportAs: string;
  /** What the record is, in the invariant's words (`reservation`, `payment`, `shipment`). */
  record: string;
  /**
   * Where it lives: one item with partition key `pk = <keyPrefix><orderId>`, or (`list: true`) every
   * item of partition `pk = <orderId>` (a sort key orders them).
   */
  keyPrefix?: string;
  list?: boolean;
  /** Parses a stored item (key attributes dropped) into the record. */
  schema: z.ZodMiniType;
  /**
   * The record's part in the order invariant: statuses that hold something for the order (stock,
   * money, a parcel) — an order that is not COMPLETED must hold none — and the one status a
   * COMPLETED order's record must have. Absent for records that hold nothing (notifications).
   */
  holds?: { statuses: readonly string[]; whenCompleted: string };
}

/**
 * The partition key of an order's record, `<keyPrefix><orderId>` (a `list` record's items share
 * `pk = <orderId>`): what everything that writes or reads it by its key uses, the service's own
 * adapter included, so the prefix is written once, in the declaration. (`record` is required only so
 * that a declaration without a prefix still type-checks as one.)
 */
export const orderRecordPartitionKey = (
  record: Pick<OrderRecordDeclaration, 'record' | 'keyPrefix'>,
  orderId: string,
): string => `${record.keyPrefix ?? ''}${orderId}`;

/** A function the state machine calls as a Task. */
export interface TaskDeclaration {
  /** What the handler parses its input with. */
  input: z.ZodMiniType;
  /** The compensation step that undoes this one (a function of the same service). */
  undoneBy?: string;
  /** For a compensation step: the step it undoes. */
  undoes?: string;
}

export interface ServiceDeclaration {
  /** The folder name under services/. */
  name: string;
  /** CloudFormation logical id of the service's one table (declared in its serverless.yml). */
  table: string;
  orderRecord?: OrderRecordDeclaration;
  /** The service's Task functions, by function name (as in serverless.yml). */
  tasks: Readonly<Record<string, TaskDeclaration>>;
  /**
   * Business errors its functions throw on purpose (their `name`, which Lambda reports as
   * `errorType` and Step Functions catches by): answers, never retried.
   */
  errors: readonly string[];
}

/** Identity, typed: `export default defineService({...})` in services/<name>/service.ts. */
export const defineService = <T extends ServiceDeclaration>(declaration: T): T => declaration;
