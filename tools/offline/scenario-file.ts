/**
 * The scenario file format (events/workflow/*.json) and what running one reports: read and
 * validated here, run by scenario.ts.
 */
import type { ChildRun } from 'offline-aws/cost/express';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Violation } from './consistency';
import type { RedriveReport } from '../../ops/redrive/redrive';
import type { ExecutionStatus, TraceEntry } from 'offline-aws/engine/runner';

const ExecutionStatusSchema = z.enum(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** Scenario file format (README, "Scenarios"), plus the optional expected outcome that `npm run scenarios` checks. */
export const ScenarioSchema = z.strictObject({
  description: z.string().min(1),
  /** The POST /orders body. It is validated by createOrder itself, as in AWS. */
  order: z.unknown(),
  /** The customer placing (and cancelling) the order: the `sub` of their token. */
  customer: z.string().min(1).optional(),
  /** Idempotency-Key header to send with the order. */
  idempotencyKey: z.string().optional(),
  review: z
    .strictObject({
      decision: z.enum(['approve', 'reject']),
      afterSeconds: z.number().min(0).max(3600).optional(),
      /** The reviewer: the `sub` (and user name) of their token, which has the reviewer role. */
      reviewer: z.string().min(1).optional(),
      comment: z.string().optional(),
    })
    .optional(),
  /** Ask to cancel while the fulfilment window is open. */
  cancel: z.boolean().optional(),
  /**
   * Stop the execution (StopExecution, as the console's Stop does) when it enters this state: what
   * the saga cannot handle itself, which the reconciler (reconcileOrder) brings to the invariant.
   */
  stop: z.strictObject({ at: z.string().min(1) }).optional(),
  expect: z
    .strictObject({
      status: ExecutionStatusSchema,
      error: z.string().nullable(),
      orderStatus: z.enum(['PENDING', 'IN_REVIEW', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED']),
      /**
       * The scenario's transition budget (Standard workflows bill per state transition): the one
       * place it is written; the tests, the bench and the README check against it.
       */
      maxTransitions: z.number().int().positive().optional(),
    })
    .optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Who places a scenario's order when the file names no `customer`, and who reviews it without `review.reviewer`. */
export const DEFAULT_CUSTOMER = 'cust_1001';
export const DEFAULT_REVIEWER = 'risk-team';

export interface ScenarioResult {
  scenario: string;
  description: string;
  status: ExecutionStatus | 'NOT_STARTED';
  error: string | null;
  cause: string | null;
  states: TraceEntry[];
  order: unknown;
  /**
   * Each service's record(s) for the order, read from its own table, by the key its declaration
   * (services/<name>/service.ts) reports it as: `inventory`, `payment`, `shipping`, `notifications`, …
   */
  services: Record<string, unknown>;
  http: Record<string, { statusCode: number; body: unknown }>;
  /** Whether the order sits in the dead-letter queue (to be compensated or completed by the redrive). */
  deadLettered: boolean;
  /** The ops alerts published for this order (the `alarm` of each: CompensationFailed, CompletionFailed). */
  alerts: string[];
  /** The redrive that was run for it (`--redrive`), if any. */
  redrive: RedriveReport | null;
  /**
   * Violations of the order invariant (tools/offline/consistency.ts), empty when consistent. A dead-lettered
   * order may have some until the redrive runs: it is reported by `deadLettered` and `alerts`.
   */
  consistency: Violation[];
  /**
   * The Express children the execution ran (`states:startExecution.sync:2` Tasks), as its own history
   * shows them: status, error, cause, duration. An Express execution keeps no history of its own.
   */
  children: ChildRun[];
  transitions: number;
  lambdaInvocations: number;
  durationMs: number;
  expected: Scenario['expect'] | null;
  /** Whether the outcome matches `expect` (true when the scenario states no expectation). */
  asExpected: boolean;
}

/** A scenario file that cannot be read, is not JSON, or is not a scenario: the CLIs' usage error (exit 2). */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

/**
 * @returns the scenario in `file`
 * @throws ScenarioFileError naming the file and what is wrong (missing, a directory, not JSON, each schema issue)
 */
export function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a scenario file (npm run scenarios runs every scenario of events/workflow/)'
          : (error as Error).message;
    throw new ScenarioFileError(`Scenario ${file}: ${reason}`, { cause: error });
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ScenarioFileError(`Scenario ${file} is not valid: ${issues}`);
  }
  return parsed.data;
}
