import { nowIso } from '#shared/clock';
import { httpHandler } from '#shared/middleware';
import { orderRepository, reviewCallback } from '../adapters';
import { callerFromClaims } from '../domain/access';
import { submitReview } from '../domain/submit-review';
import { answerWorkflowUnavailable } from '../http';
import { logger } from '../logger';
import { OrderPathSchema, SubmitReviewBodySchema } from '../schemas';

/**
 * POST /orders/{orderId}/review: a reviewer's decision, recorded and sent to the waiting workflow
 * step (`submitReview` in domain/submit-review.ts has the rules). 200 with the recorded review
 * `{ orderId, decision, reviewer, reviewerUsername?, reviewerEmail?, comment?, at }`, also for a
 * repeat of the same decision; 409 for a different decision than the recorded one or when the
 * review window has closed; 403 for callers without the reviewer role and for their own orders;
 * 503 with Retry-After when Step Functions cannot be reached (retry the same request).
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
