import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { eventPublisher, executionHistory, orderRepository, undoSteps } from '../adapters';
import { reconcileOrder } from '../domain/reconcile';
import { logger } from '../logger';
import { ExecutionEndedEventSchema } from '../schemas';

/**
 * EventBridge target: an execution of the order state machine ended FAILED, ABORTED or TIMED_OUT
 * ("Step Functions Execution Status Change"); brings its order to the invariant (domain/reconcile.ts).
 * A failure throws: Lambda retries the asynchronous invocation twice, then sends it to the dead-letter queue.
 */
export const handler = taskHandler(
  logger,
  ExecutionEndedEventSchema,
  async (event) => {
    const result = await reconcileOrder(
      { orders: orderRepository(), history: executionHistory(), undo: undoSteps(), events: eventPublisher() },
      event,
      nowIso(),
    );
    logger.info('execution reconciled', { ...result });
    return result;
  },
  { orderIdOf: (event) => event.detail.name, inputName: 'execution status-change event' },
);
