/**
 * What the page is told about the running system at /config.json: the state machine to list, the
 * services' tables (from their declarations, services/<name>/service.ts), the prices of the cost
 * model, the sample orders of events/workflow/ (the deterministic test data), and which actions
 * are available. The shape is ConsoleConfig in page/types.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPrices } from '../cost/model';
import { loadServices } from '../services';
import type { Runtime } from '../runtime';
import type { ConsoleConfig, SampleOrder } from './page/types';

/** The sample orders a person can place from the form: each scenario's POST /orders body. */
function sampleOrders(root: string): SampleOrder[] {
  const dir = join(root, 'events', 'workflow');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort((a, b) => (a === 'happy-path.json' ? -1 : b === 'happy-path.json' ? 1 : a.localeCompare(b)))
    .map((file) => {
      const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { description: string; order: unknown };
      return { name: file.replace(/\.json$/, ''), description: scenario.description, order: scenario.order };
    });
}

export async function consoleConfig(
  runtime: Runtime,
  options: { api: boolean; root?: string },
): Promise<ConsoleConfig> {
  const root = options.root ?? process.cwd();
  const services = await loadServices(root);
  const { config } = runtime.stack;
  const orders = services.find((service) => service.name === 'orders');
  return {
    stateMachineArn: runtime.runner.workflow.stateMachineArn,
    region: config.region,
    api: options.api,
    customer: 'cust_1001',
    reviewer: 'risk-team',
    prices: loadPrices(root),
    lambdaMemoryMb: Object.values(config.functions)[0]?.memorySize ?? 1024,
    ordersTable: orders ? runtime.stack.tableName(orders.table) : undefined,
    tables: services.flatMap((service) =>
      service.orderRecord
        ? [
            {
              service: service.name,
              reportAs: service.orderRecord.reportAs,
              record: service.orderRecord.record,
              table: runtime.stack.tableName(service.table),
              ...(service.orderRecord.keyPrefix === undefined ? {} : { keyPrefix: service.orderRecord.keyPrefix }),
              list: service.orderRecord.list === true,
            },
          ]
        : [],
    ),
    samples: sampleOrders(root),
  };
}
