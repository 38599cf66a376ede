import { nowIso } from '../../shared/clock';
import { httpHandler } from '../../shared/middleware';
import { orderRepository } from '../adapters';
import { cancelOrder } from '../domain/cancel-order';
import { logger } from '../logger';
import { OrderPathSchema } from '../schemas';

/** POST /orders/{orderId}/cancel: record the customer's cancellation request; 202, 404 or 409. */
export const handler = httpHandler({
  logger,
  path: OrderPathSchema,
  run: async ({ path }) => ({ statusCode: 202, body: await cancelOrder(orderRepository(), path.orderId, nowIso()) }),
});
