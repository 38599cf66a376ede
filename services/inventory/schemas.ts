import * as z from 'zod/mini';
import {
  LIMITS,
  NothingToUndoSchema,
  OrderIdSchema,
  OrderLineSchema,
  OrderRefSchema,
  SkuSchema,
} from '#shared/schemas';

export const ReservationLineSchema = OrderLineSchema;
export type ReservationLine = z.infer<typeof ReservationLineSchema>;

/** Task input of reserveInventory. Extra fields of the workflow state (prices, address…) are ignored. */
export const ReserveInventoryInputSchema = z.object({
  orderId: OrderIdSchema,
  items: z
    .array(z.looseObject(ReservationLineSchema.shape))
    .check(
      z.minLength(1, 'an order needs at least one line'),
      z.maxLength(LIMITS.maxLinesPerOrder, `at most ${LIMITS.maxLinesPerOrder} lines per order`),
    ),
});
export type ReserveInventoryInput = z.infer<typeof ReserveInventoryInputSchema>;

export const ReleaseInventoryInputSchema = OrderRefSchema;
export type ReleaseInventoryInput = z.infer<typeof ReleaseInventoryInputSchema>;

export const ReservationStatusSchema = z.enum(['RESERVED', 'RELEASED']);
export type ReservationStatus = z.infer<typeof ReservationStatusSchema>;

export const ReservationSchema = z.object({
  orderId: OrderIdSchema,
  status: ReservationStatusSchema,
  lines: z.array(ReservationLineSchema),
  /** Set on the tombstone only, a RELEASED record with no lines (services/shared/schemas.ts NothingToUndoSchema). */
  nothingToUndo: NothingToUndoSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Reservation = z.infer<typeof ReservationSchema>;

export const StockItemSchema = z.object({
  sku: SkuSchema,
  available: z.number().check(z.int(), z.nonnegative()),
});
export type StockItem = z.infer<typeof StockItemSchema>;
