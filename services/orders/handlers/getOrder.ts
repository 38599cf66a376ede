import { httpHandler } from '../../shared/middleware';
import { orderRepository } from '../adapters';
import { getOrder } from '../domain/get-order';
import { logger } from '../logger';
import { OrderPathSchema } from '../schemas';

/** GET /orders/{orderId}: the order with its status and history (no secrets); 404 when unknown. */
export const handler = httpHandler({
  logger,
  path: OrderPathSchema,
  run: async ({ path }) => ({ statusCode: 200, body: await getOrder(orderRepository(), path.orderId) }),
});
