import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { eventPublisher, orderRepository } from '../adapters';
import { requestReview } from '../domain/review';
import { logger } from '../logger';
import { RequestReviewInputSchema } from '../schemas';

/** Task (`.waitForTaskToken`): hold the order IN_REVIEW with the task token and publish ReviewRequested. */
export const handler = taskHandler(logger, RequestReviewInputSchema, (input) =>
  requestReview({ orders: orderRepository(), events: eventPublisher() }, input, nowIso()),
);
