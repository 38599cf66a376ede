import { httpHandler } from '#shared/middleware';
import { orderRepository } from '../adapters';
import { callerFromClaims } from '../domain/access';
import { getOrder } from '../domain/get-order';
import { logger } from '../logger';
import { OrderPathSchema } from '../schemas';

/** GET /orders/{orderId}: the caller's order with its status and history (no secrets); 404 when unknown or not theirs. */
export const handler = httpHandler({
  logger,
  caller: callerFromClaims,
  path: OrderPathSchema,
  run: async ({ path, caller }) => ({ statusCode: 200, body: await getOrder(orderRepository(), caller, path.orderId) }),
});
