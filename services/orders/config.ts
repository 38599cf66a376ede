import { numberEnv } from '#shared/env';
import type { CreateOrderConfig } from './domain/create-order';

/** createOrder's settings, from REVIEW_THRESHOLD and FULFILMENT_WINDOW_SECONDS (read per call; cheap). */
export function createOrderConfig(): CreateOrderConfig {
  return {
    reviewThreshold: numberEnv('REVIEW_THRESHOLD', 100_000),
    defaultFulfilmentWindowSeconds: numberEnv('FULFILMENT_WINDOW_SECONDS', 300),
  };
}
