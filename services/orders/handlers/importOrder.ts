import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { orderRepository, workflowStarter } from '../adapters';
import { createOrderConfig } from '../config';
import { importOrder } from '../domain/import-order';
import { logger } from '../logger';
import { ImportOrderInputSchema } from '../schemas';

/**
 * Task of the bulkImport Distributed Map: places one line of an import file as POST /orders would
 * (domain/import-order.ts). A bad line fails with ValidationError (or IdempotencyKeyReused), which
 * the Map counts against its ToleratedFailurePercentage and reports in its results.
 */
export const handler = taskHandler(
  logger,
  ImportOrderInputSchema,
  async (input) => {
    const result = await importOrder(
      { orders: orderRepository(), workflow: workflowStarter() },
      input,
      nowIso(),
      createOrderConfig(),
    );
    logger.info('import line placed', { lineNumber: result.lineNumber, outcome: result.outcome });
    return result;
  },
  { orderIdOf: () => undefined },
);
