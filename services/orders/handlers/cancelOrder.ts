import { nowIso } from '#shared/clock';
import { httpHandler } from '#shared/middleware';
import { orderRepository } from '../adapters';
import { callerFromClaims } from '../domain/access';
import { cancelOrder } from '../domain/cancel-order';
import { logger } from '../logger';
import { OrderPathSchema } from '../schemas';

/** POST /orders/{orderId}/cancel: record the customer's cancellation request; 202, 404 (unknown or not theirs) or 409. */
export const handler = httpHandler({
  logger,
  caller: callerFromClaims,
  path: OrderPathSchema,
  run: async ({ path, caller }) => ({
    statusCode: 202,
    body: await cancelOrder(orderRepository(), caller, path.orderId, nowIso()),
  }),
});
