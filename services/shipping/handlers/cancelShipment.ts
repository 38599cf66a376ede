import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { shippingCarrier } from '../adapters/carrier';
import { shipmentLedger } from '../adapters/shipment-ledger';
import { cancelShipment } from '../domain/shipment';
import { logger } from '../logger';
import { CancelShipmentInputSchema } from '../schemas';

/** Compensation: cancel the order's shipment. Idempotent; a no-op when nothing was shipped. */
export const handler = taskHandler(logger, CancelShipmentInputSchema, (input) =>
  cancelShipment({ ledger: shipmentLedger(), carrier: shippingCarrier() }, input, nowIso()),
);
