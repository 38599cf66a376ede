import { nowIso } from '../../shared/clock';
import { httpHandler } from '../../shared/middleware';
import { orderRepository, reviewCallback } from '../adapters';
import { callerFromClaims } from '../domain/access';
import { submitReview } from '../domain/review';
import { answerWorkflowUnavailable } from '../http';
import { logger } from '../logger';
import { OrderPathSchema, SubmitReviewBodySchema } from '../schemas';

/**
 * POST /orders/{orderId}/review: a reviewer's decision, sent to the waiting workflow step;
 * 200 `{ orderId, decision }`, 403 for callers without the reviewer role and for their own orders.
 */
export const handler = httpHandler({
  logger,
  caller: callerFromClaims,
  body: SubmitReviewBodySchema,
  path: OrderPathSchema,
  run: ({ body, path, caller }) =>
    answerWorkflowUnavailable(async () => ({
      statusCode: 200,
      body: await submitReview(
        { orders: orderRepository(), callback: reviewCallback() },
        caller,
        path.orderId,
        body,
        nowIso(),
      ),
    })),
});
