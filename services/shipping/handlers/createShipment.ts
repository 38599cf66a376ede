import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { shippingCarrier } from '../adapters/carrier';
import { shipmentLedger } from '../adapters/shipment-ledger';
import { createShipment } from '../domain/shipment';
import { logger } from '../logger';
import { CreateShipmentInputSchema } from '../schemas';

/** Task: book the order's shipment with the carrier. Throws `ShippingUnavailable`. */
export const handler = taskHandler(logger, CreateShipmentInputSchema, (input) =>
  createShipment({ ledger: shipmentLedger(), carrier: shippingCarrier() }, input, nowIso()),
);
