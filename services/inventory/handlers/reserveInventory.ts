import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { stockLedger } from '../adapters/stock-ledger';
import { reserveStock } from '../domain/reservation';
import { logger } from '../logger';
import { ReserveInventoryInputSchema } from '../schemas';

/** Task: reserve every line of the order, all or nothing. Throws `OutOfStock`. */
export const handler = taskHandler(logger, ReserveInventoryInputSchema, (input) =>
  reserveStock(stockLedger(), input, nowIso()),
);
