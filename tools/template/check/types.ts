/** The template as the checks read it, the rules they report, and the context they share. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TemplateResource {
  Type: string;
  Properties?: JsonObject;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: Json | undefined;
}

export interface Template {
  Resources?: Record<string, TemplateResource>;
  Conditions?: JsonObject;
  [key: string]: Json | Record<string, TemplateResource> | undefined;
}

export type Rule =
  | 'iam-own-role'
  | 'iam-unused-role'
  | 'iam-wildcard-action'
  | 'iam-wildcard-resource'
  | 'iam-table-owner'
  | 'iam-xray'
  | 'iam-state-machine'
  | 'data-billing'
  | 'data-pitr'
  | 'data-retain'
  | 'data-ttl'
  | 'encryption'
  | 'sfn-logging'
  | 'sfn-tracing'
  | 'lambda-tracing'
  | 'observability-off'
  | 'log-retention'
  | 'alarm-actions'
  | 'alarm-executions-failed'
  | 'alarm-dead-letter-queue'
  | 'alarm-lambda-errors'
  | 'alarm-lambda-throttles';

export interface Violation {
  rule: Rule;
  /** Logical id of the resource at fault. */
  resource: string;
  message: string;
}

export interface CheckOptions {
  /** Production stage: every table must be retained on stack deletion and replacement. */
  retainData?: boolean;
  /** Tables (logical ids) holding expiring records, which need TTL enabled. */
  /**
   * Tables (logical ids) whose records the code gives an expiry, with the attribute it writes (epoch
   * seconds): TTL must be enabled on exactly that attribute. Any other table must not have TTL
   * enabled: nothing would expire, and the template would promise a retention the data lacks.
   */
  ttlTables?: Readonly<Record<string, string>>;
}

/** The notification records carry `expiresAt` (services/notification/domain/notify.ts, notificationExpiresAt). */
export const DEFAULT_TTL_TABLES: Readonly<Record<string, string>> = { NotificationsTable: 'expiresAt' };

// ---------------------------------------------------------------------------------------------
// What every rule family gets: the template, what it deploys, the options, and where to report

export interface Context {
  template: Template;
  resources: Map<string, TemplateResource>;
  options: Required<CheckOptions>;
  violations: Violation[];
}

export const report = (ctx: Context, rule: Rule, resource: string, message: string) =>
  ctx.violations.push({ rule, resource, message });
