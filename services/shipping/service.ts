import { defineService } from '#shared/declaration';
import { CancelShipmentInputSchema, CreateShipmentInputSchema, ShipmentSchema } from './schemas';

/** Shipping: one shipment per order (the declaration packages/offline-aws/src/ and the tests read). */
export default defineService({
  name: 'shipping',
  table: 'ShipmentsTable',
  orderRecord: {
    reportAs: 'shipping',
    record: 'shipment',
    keyPrefix: 'SHIPMENT#',
    schema: ShipmentSchema,
    holds: { statuses: ['CREATED'], whenCompleted: 'CREATED' },
  },
  tasks: {
    createShipment: { input: CreateShipmentInputSchema, undoneBy: 'cancelShipment' },
    cancelShipment: { input: CancelShipmentInputSchema, undoes: 'createShipment' },
  },
  errors: {
    ShippingUnavailable: {
      thrownBy: ['createShipment'],
      customerWording: 'we cannot ship to the address given',
      alarms: false,
    },
  },
});
