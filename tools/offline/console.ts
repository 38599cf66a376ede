/**
 * What this project shows in the offline runtime's console beyond the runtime's own view
 * (offline.config.ts `console`): the sample orders of events/workflow/ for the form (the
 * deterministic test data), the record each service keeps per order (its declaration,
 * services/<name>/service.ts `orderRecord`), the orders table the executions are named after, and
 * the customer and reviewer the console acts as.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleExtras, SampleRequest } from 'offline-aws/app';
import { NOTHING_TO_UNDO_FIELD, NOTHING_TO_UNDO_LABEL } from '../../services/shared/schemas';
import { DEFAULT_CUSTOMER, DEFAULT_REVIEWER, readScenario } from './scenario-file';
import { loadServices } from './services';

/** Each scenario's POST /orders body, happy-path first (read as the scenario driver reads them). */
function sampleOrders(root: string): SampleRequest[] {
  const dir = join(root, 'events', 'workflow');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort((a, b) => (a === 'happy-path.json' ? -1 : b === 'happy-path.json' ? 1 : a.localeCompare(b)))
    .map((file) => {
      const scenario = readScenario(join(dir, file));
      return { name: file.replace(/\.json$/, ''), description: scenario.description, body: scenario.order };
    });
}

export async function consoleExtras({ root }: { root: string }): Promise<ConsoleExtras> {
  const services = await loadServices(root);
  const orders = services.find((service) => service.name === 'orders');
  return {
    // The workflow's executions are orders: the console names them by the input's orderId.
    subject: { noun: 'order', idField: 'orderId' },
    user: DEFAULT_CUSTOMER,
    reviewer: DEFAULT_REVIEWER,
    ...(orders ? { anchorTable: orders.table } : {}),
    records: services.flatMap((service) =>
      service.orderRecord
        ? [
            {
              service: service.name,
              reportAs: service.orderRecord.reportAs,
              record: service.orderRecord.record,
              table: service.table,
              ...(service.orderRecord.keyPrefix === undefined ? {} : { keyPrefix: service.orderRecord.keyPrefix }),
              list: service.orderRecord.list === true,
              // An undo step's tombstone (services/shared/schemas.ts NothingToUndoSchema).
              placeholder: { field: NOTHING_TO_UNDO_FIELD, label: NOTHING_TO_UNDO_LABEL },
            },
          ]
        : [],
    ),
    samples: sampleOrders(root),
  };
}
