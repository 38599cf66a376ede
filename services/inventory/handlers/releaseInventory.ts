import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { stockLedger } from '../adapters/stock-ledger';
import { releaseStock } from '../domain/reservation';
import { logger } from '../logger';
import { ReleaseInventoryInputSchema } from '../schemas';

/** Compensation: give the order's reserved stock back. Idempotent; a no-op when nothing was reserved. */
export const handler = taskHandler(logger, ReleaseInventoryInputSchema, (input) =>
  releaseStock(stockLedger(), input, nowIso()),
);
