import { nowIso } from '../../shared/clock';
import { taskHandler } from '../../shared/middleware';
import { orderRepository } from '../adapters';
import { updateOrderStatus } from '../domain/update-status';
import { logger } from '../logger';
import { UpdateOrderStatusInputSchema } from '../schemas';

/** Task: conditional status transition + history entry; optionally closes the fulfilment window. */
export const handler = taskHandler(logger, UpdateOrderStatusInputSchema, (input) =>
  updateOrderStatus(orderRepository(), input, nowIso()),
);
