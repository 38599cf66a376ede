import { taskHandler } from '#shared/middleware';
import { orderRepository } from '../adapters';
import { verifyOrder } from '../domain/verify-order';
import { logger } from '../logger';
import { VerifyOrderInputSchema } from '../schemas';

/**
 * Task, first in the Express children that reserve or capture: the execution input is the stored
 * order's own (NotFound, OrderInputMismatch) and, before a capture, its window closed uncancelled
 * (OrderNotReadyForCapture). Reads only.
 */
export const handler = taskHandler(logger, VerifyOrderInputSchema, (input) => verifyOrder(orderRepository(), input));
