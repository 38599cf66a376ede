import * as z from 'zod/mini';
import { nowIso } from '#shared/clock';
import { correlateOrder, httpHandler, parseWith } from '#shared/middleware';
import { orderRepository, workflowStarter } from '../adapters';
import { createOrderConfig } from '../config';
import { callerFromClaims } from '../domain/access';
import { createOrder, orderIdFor } from '../domain/create-order';
import { answerWorkflowUnavailable } from '../http';
import { logger } from '../logger';
import { CreateOrderBodySchema, IdempotencyKeySchema } from '../schemas';

/** POST /orders: store the caller's order PENDING and start its workflow; 202 `{ orderId, status }`. */
export const handler = httpHandler({
  logger,
  caller: callerFromClaims,
  body: CreateOrderBodySchema,
  run: ({ body, headers, caller }) => {
    const idempotencyKey = parseWith(
      z.optional(IdempotencyKeySchema),
      headers['idempotency-key'],
      'Idempotency-Key header',
    );
    // The order id is the correlation id of the invocation from the moment it is known: at once when
    // it derives from the Idempotency-Key, else when the order is stored.
    if (idempotencyKey !== undefined) correlateOrder(logger, orderIdFor(caller.sub, idempotencyKey));
    return answerWorkflowUnavailable(async () => {
      const { orderId, status, created } = await createOrder(
        { orders: orderRepository(), workflow: workflowStarter() },
        { customerId: caller.sub, body, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) },
        nowIso(),
        createOrderConfig(),
      );
      correlateOrder(logger, orderId);
      logger.info('order accepted', { status, created });
      return { statusCode: 202, body: { orderId, status }, headers: { location: `/orders/${orderId}` } };
    });
  },
});
