import { defineService } from '#shared/declaration';
import { ReleaseInventoryInputSchema, ReservationSchema, ReserveInventoryInputSchema } from './schemas';

/** Inventory: stock per SKU and one reservation per order (the declaration packages/offline-aws/src/ and the tests read). */
export default defineService({
  name: 'inventory',
  table: 'InventoryTable',
  orderRecord: {
    reportAs: 'inventory',
    record: 'reservation',
    keyPrefix: 'RESERVATION#',
    schema: ReservationSchema,
    holds: { statuses: ['RESERVED'], whenCompleted: 'RESERVED' },
  },
  tasks: {
    reserveInventory: { input: ReserveInventoryInputSchema, undoneBy: 'releaseInventory' },
    releaseInventory: { input: ReleaseInventoryInputSchema, undoes: 'reserveInventory' },
  },
  errors: {
    OutOfStock: { thrownBy: ['reserveInventory'], customerWording: 'an item is out of stock', alarms: false },
  },
});
