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
 * @throws Error naming offline.config.ts and the field when its `console()` returns something
 *   ConsoleExtrasSchema does not accept, or names a table serverless.yml does not declare.
 */
export async function consoleConfig(
  runtime: Runtime,
  options: { api: boolean; root?: string },
): Promise<ConsoleConfig> {
  const root = options.root ?? runtime.stack.config.root;
  const app = await loadOfflineApp(root);
  const parsed = ConsoleExtrasSchema.safeParse(app.console ? await app.console({ root }) : {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`offline.config.ts console(): ${issues.join('; ')}`);
  }
  const extras = parsed.data;
  const { config } = runtime.stack;
  return {
    stateMachineArn: runtime.runner.workflow.stateMachineArn,
    region: config.region,
    api: options.api,
    customer: extras.user ?? DEFAULT_USER,
    reviewer: extras.reviewer ?? DEFAULT_REVIEWER,
    prices: loadPrices(root),
    lambdaMemoryMb: Object.values(config.functions)[0]?.memorySize ?? 1024,
    ordersTable: extras.anchorTable === undefined ? undefined : runtime.stack.tableName(extras.anchorTable),
    tables: (extras.records ?? []).map((record) => ({
      ...record,
      table: runtime.stack.tableName(record.table),
      list: record.list === true,
    })),
    samples: (extras.samples ?? []).map((sample) => ({ ...sample })),
  };
}
