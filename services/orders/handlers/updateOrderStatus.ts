import { nowIso } from '#shared/clock';
import { recordMetrics, serviceMetrics } from '#shared/metrics';
import { taskHandler } from '#shared/middleware';
import { orderRepository } from '../adapters';
import { applyStatusUpdate, outcomeMetrics } from '../domain/update-status';
import { logger } from '../logger';
import { UpdateOrderStatusInputSchema } from '../schemas';

const metrics = serviceMetrics('orders');

/**
 * Task: conditional status transition + history entry; optionally closes the fulfilment window.
 * A change to COMPLETED, CANCELLED or REJECTED is counted (OrdersCompleted, OrdersCancelled by
 * reason, CompensationFailures); an idempotent repeat changes nothing and counts nothing.
 */
export const handler = taskHandler(
  logger,
  UpdateOrderStatusInputSchema,
  async (input) => {
    const { result, transition } = await applyStatusUpdate(orderRepository(), input, nowIso());
    recordMetrics(metrics, outcomeMetrics(transition));
    return result;
  },
  { metrics },
);
