/**
 * What the page is told about the running system at /config.json: the state machine to list, the
 * prices of the cost model, which actions are available, and what the project adds through its
 * extension point (offline.config.ts `console`, app.ts ConsoleExtras): the records an execution
 * touched, the sample requests of the form, the user and reviewer the console acts as. The shape
 * is ConsoleConfig in page/types.ts.
 */
import { ConsoleExtrasSchema } from '../app';
import { loadOfflineApp } from '../app-loader';
import { loadPrices } from '../cost/model';
import type { Runtime } from '../runtime';
import type { ConsoleConfig } from './page/types';

/** The `sub` of the console's tokens when the project names no user or reviewer. */
const DEFAULT_USER = 'local-user';
const DEFAULT_REVIEWER = 'local-reviewer';

/**
 * @throws Error naming offline.config.ts when its `console()` throws, or returns something
 *   ConsoleExtrasSchema does not accept (with the field), or names a table serverless.yml does not
 *   declare.
 */
export async function consoleConfig(
  runtime: Runtime,
  options: { api: boolean; root?: string },
): Promise<ConsoleConfig> {
  const root = options.root ?? runtime.stack.config.root;
  const app = await loadOfflineApp(root);
  let extras: unknown = {};
  try {
    if (app.console) extras = await app.console({ root });
  } catch (error) {
    throw new Error(`offline.config.ts console(): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const parsed = ConsoleExtrasSchema.safeParse(extras);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`offline.config.ts console(): ${issues.join('; ')}`);
  }
  const { config } = runtime.stack;
  return {
    stateMachineArn: runtime.runner.workflow.stateMachineArn,
    region: config.region,
    api: options.api,
    customer: parsed.data.user ?? DEFAULT_USER,
    reviewer: parsed.data.reviewer ?? DEFAULT_REVIEWER,
    prices: loadPrices(root),
    lambdaMemoryMb: Object.values(config.functions)[0]?.memorySize ?? 1024,
    ordersTable: parsed.data.anchorTable === undefined ? undefined : runtime.stack.tableName(parsed.data.anchorTable),
    tables: (parsed.data.records ?? []).map((record) => ({
      ...record,
      table: runtime.stack.tableName(record.table),
      list: record.list === true,
    })),
    samples: parsed.data.samples ?? [],
    ...(parsed.data.subject === undefined ? {} : { subject: parsed.data.subject }),
  };
}
