/**
 * What this project tells the offline runtime (packages/offline-aws) that serverless.yml cannot:
 * its one extension point, documented in packages/offline-aws/README.md. The runtime loads this
 * file; it imports nothing else of the project.
 */
import { defineOfflineApp } from 'offline-aws/app';
import { REVIEWER_ROLE } from './tools/offline/identity';
import { consoleExtras } from './tools/offline/console';

export default defineOfflineApp({
  // The deterministic test data (SKU-SOLDOUT, the seeded orders the sample events name).
  seed: 'events/seed.json',
  // What services/orders/domain/access.ts reads as a reviewer.
  roles: { reviewer: REVIEWER_ROLE },
  console: consoleExtras,
});
