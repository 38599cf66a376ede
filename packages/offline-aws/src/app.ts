/**
 * The one extension point: what a project tells the offline runtime that serverless.yml cannot.
 * A project may have an `offline.config.ts` at its root whose default export is
 * `defineOfflineApp({...})`; without one, the runtime runs the project with none of these extras.
 * The runtime never imports the project's code any other way.
 * This module is what the project's file imports (types and schemas only); app-loader.ts loads it.
 */
import * as z from 'zod';

/** The scopes and groups a token of a role carries (`cognito:groups`), as the project's authorizer reads them. */
export const RoleSchema = z.strictObject({
  scopes: z.array(z.string().min(1)),
  groups: z.array(z.string().min(1)),
});
export type Role = z.infer<typeof RoleSchema>;

/** A sample request a person can send from the console's form (the HTTP API's first POST route takes it). */
export const SampleRequestSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  body: z.unknown(),
});
export type SampleRequest = z.infer<typeof SampleRequestSchema>;

/**
 * A DynamoDB record the console shows beside an execution: one item with partition key
 * `pk = <keyPrefix><executionName>`, or (`list`) every item of partition `pk = <executionName>`.
 */
export const ExecutionRecordSchema = z.strictObject({
  /** Who keeps it (a label). */
  service: z.string().min(1),
  /** Its key in the console's record list. */
  reportAs: z.string().min(1),
  /** What it is, in the project's words. */
  record: z.string().min(1),
  /** CloudFormation logical id of its table (declared in serverless.yml). */
  table: z.string().min(1),
  keyPrefix: z.string().optional(),
  list: z.boolean().optional(),
  /**
   * A record that stands for nothing having happened (e.g. written by an undo step that found
   * nothing to undo): one whose boolean `field` is true is named `label` instead of by its status.
   */
  placeholder: z.strictObject({ field: z.string().min(1), label: z.string().min(1) }).optional(),
});
export type ExecutionRecord = z.infer<typeof ExecutionRecordSchema>;

/**
 * What the console shows beyond the runtime's own view, from the project's `console()` function
 * (called when a console starts, with the project root).
 */
export const ConsoleExtrasSchema = z.strictObject({
  /** The user the console signs requests as, and the reviewer it acts as. */
  user: z.string().min(1).optional(),
  reviewer: z.string().min(1).optional(),
  /**
   * What the executions of the project's own state machine are about, for the console's words:
   * `noun` (e.g. "order": the header reads "Order <id>" and the records below are shown) and
   * `idField`, the input field holding its id (the execution name when absent). Executions of any
   * other state machine read as "Execution <name>", without records.
   */
  subject: z.strictObject({ noun: z.string().min(1), idField: z.string().min(1).optional() }).optional(),
  /** CloudFormation logical id of the table whose items are named like the executions (their key). */
  anchorTable: z.string().min(1).optional(),
  /** The records an execution touched, found by the execution's name. */
  records: z.array(ExecutionRecordSchema).optional(),
  /** Sample request bodies for the form, the first one shown first. */
  samples: z.array(SampleRequestSchema).optional(),
});
export type ConsoleExtras = z.infer<typeof ConsoleExtrasSchema>;

export const OfflineAppSchema = z.strictObject({
  /** JSON file (relative to the project root) of items to put in the tables a stack creates: `{ <table logical id>: item[] }`. */
  seed: z.string().min(1).optional(),
  /** The roles the local OpenID issuer grants beside a plain user (`reviewer`: a token request's `reviewer: true`). */
  roles: z.strictObject({ reviewer: RoleSchema.optional() }).optional(),
  /** The console's extras (ConsoleExtrasSchema), computed when a console starts. */
  console: z
    .custom<(context: { root: string }) => ConsoleExtras | Promise<ConsoleExtras>>(
      (value) => typeof value === 'function',
      'console must be a function ({ root }) => ConsoleExtras',
    )
    .optional(),
});
export type OfflineApp = z.infer<typeof OfflineAppSchema>;

/** Typed identity for `export default defineOfflineApp({...})` in a project's offline.config.ts. */
export const defineOfflineApp = (app: OfflineApp): OfflineApp => app;
