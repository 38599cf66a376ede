import * as z from 'zod/mini';
import {
  AddressSchema,
  LIMITS,
  NothingToUndoSchema,
  OrderIdSchema,
  OrderLineSchema,
  OrderRefSchema,
} from '#shared/schemas';

export const ShipmentLineSchema = OrderLineSchema;
export type ShipmentLine = z.infer<typeof ShipmentLineSchema>;

/**
 * Task input of createShipment. Unknown keys (of the input and of each line, e.g. unitPrice) are
 * allowed so the state machine can pass its whole state; only sku and quantity are shipped.
 */
export const CreateShipmentInputSchema = z.object({
  orderId: OrderIdSchema,
  shippingAddress: AddressSchema,
  items: z
    .array(z.looseObject(ShipmentLineSchema.shape))
    .check(
      z.minLength(1, 'a shipment needs at least one line'),
      z.maxLength(LIMITS.maxLinesPerOrder, `at most ${LIMITS.maxLinesPerOrder} lines per shipment`),
    ),
});
export type CreateShipmentInput = z.infer<typeof CreateShipmentInputSchema>;

export const CancelShipmentInputSchema = OrderRefSchema;
export type CancelShipmentInput = z.infer<typeof CancelShipmentInputSchema>;

/** Shipment record status (contract). */
export const ShipmentStatusSchema = z.enum(['CREATED', 'CANCELLED']);
export type ShipmentStatus = z.infer<typeof ShipmentStatusSchema>;

/**
 * One shipment per order. A CANCELLED tombstone (written when the compensation ran before any
 * shipment existed, so a late createShipment cannot ship) has no carrier, tracking number or
 * address, and no lines.
 */
export const ShipmentSchema = z.object({
  orderId: OrderIdSchema,
  status: ShipmentStatusSchema,
  carrier: z.optional(z.string()),
  trackingNumber: z.optional(z.string()),
  address: z.optional(AddressSchema),
  lines: z.array(ShipmentLineSchema),
  /** Set on the tombstone only (services/shared/schemas.ts NothingToUndoSchema). */
  nothingToUndo: NothingToUndoSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Shipment = z.infer<typeof ShipmentSchema>;
