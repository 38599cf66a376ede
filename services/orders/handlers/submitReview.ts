import { nowIso } from '../../shared/clock';
import { httpHandler } from '../../shared/middleware';
import { orderRepository, reviewCallback } from '../adapters';
import { submitReview } from '../domain/review';
import { answerWorkflowUnavailable } from '../http';
import { logger } from '../logger';
import { OrderPathSchema, SubmitReviewBodySchema } from '../schemas';

/** POST /orders/{orderId}/review: the reviewer's decision, sent to the waiting workflow step; 200 `{ orderId, decision }`. */
export const handler = httpHandler({
  logger,
  body: SubmitReviewBodySchema,
  path: OrderPathSchema,
  run: ({ body, path }) =>
    answerWorkflowUnavailable(async () => ({
      statusCode: 200,
      body: await submitReview({ orders: orderRepository(), callback: reviewCallback() }, path.orderId, body, nowIso()),
    })),
});
