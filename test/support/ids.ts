import { randomUUID } from 'node:crypto';

/** A fresh order id in the shape createOrder issues (`ord_` + 32 lowercase hex characters). */
export const newOrderId = (): string => `ord_${randomUUID().replaceAll('-', '')}`;
