/** Input specs of the Task functions the state machine calls. */
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { ReleaseInventoryInputSchema, ReserveInventoryInputSchema } from '../../../services/inventory/schemas';
import {
  ImportOrderInputSchema,
  OrderStatusSchema,
  RequestReviewInputSchema,
  UpdateOrderStatusInputSchema,
  VerifyOrderInputSchema,
  VerifyStageSchema,
} from '../../../services/orders/schemas';
import {
  AuthorizePaymentInputSchema,
  CapturePaymentInputSchema,
  RefundPaymentInputSchema,
} from '../../../services/payment/schemas';
import { MAX_IMPORT_LINES } from '../../../services/orders/schemas';
import { CancelShipmentInputSchema, CreateShipmentInputSchema } from '../../../services/shipping/schemas';
import { addressArb, currencyArb, linesArb, orderIdArb, paymentTokenArb, stateLineArb, textArb } from './formats';
import { malformedTokenArb } from './near-misses';
import { type SpecDraft, addressFields, entryPoints, linesFields, moneyFields, orderIdField, spec } from './spec';
// `npm run new:service` adds the imports of a new service’s Task input schemas above this line.

const orderRefSpec = (schema: z.ZodMiniType): SpecDraft =>
  spec(schema, fc.record({ orderId: orderIdArb }), orderIdField);

/** The input specs of the Task functions, by function name, before `taskInputs` names their entry points. */
const taskInputDrafts = {
  reserveInventory: spec(
    ReserveInventoryInputSchema,
    fc.record(
      { orderId: orderIdArb, items: linesArb(stateLineArb), requiresReview: fc.boolean() },
      { requiredKeys: ['orderId', 'items'] },
    ),
    orderIdField,
    linesFields('items', stateLineArb, { strictLines: false }),
  ),
  releaseInventory: orderRefSpec(ReleaseInventoryInputSchema),
  authorizePayment: spec(
    AuthorizePaymentInputSchema,
    fc.record({
      orderId: orderIdArb,
      amount: fc.record({ amount: fc.integer({ min: 1, max: 2_000_000_000 }), currency: currencyArb }),
      paymentToken: paymentTokenArb,
    }),
    orderIdField,
    moneyFields('amount', 1),
    {
      fields: [{ path: 'paymentToken', type: 'string' }],
      strings: [{ path: 'paymentToken', max: 68 }],
      badValues: [{ path: 'paymentToken', label: 'not tok_ + 1-64 letters, digits or _', bad: malformedTokenArb }],
    },
  ),
  capturePayment: orderRefSpec(CapturePaymentInputSchema),
  refundPayment: orderRefSpec(RefundPaymentInputSchema),
  createShipment: spec(
    CreateShipmentInputSchema,
    fc.record({ orderId: orderIdArb, shippingAddress: addressArb, items: linesArb(stateLineArb) }),
    orderIdField,
    addressFields('shippingAddress'),
    linesFields('items', stateLineArb, { strictLines: false }),
  ),
  cancelShipment: orderRefSpec(CancelShipmentInputSchema),
  updateOrderStatus: spec(
    UpdateOrderStatusInputSchema,
    fc.record(
      {
        orderId: orderIdArb,
        status: fc.constantFrom(...OrderStatusSchema.options),
        reason: textArb(),
        closeFulfilmentWindow: fc.boolean(),
      },
      { requiredKeys: ['orderId', 'status'] },
    ),
    orderIdField,
    {
      fields: [
        { path: 'status', type: 'string' },
        { path: 'reason', type: 'string', optional: true },
        { path: 'closeFulfilmentWindow', type: 'boolean', optional: true },
      ],
      // `reason` is any string: failureReason makes it storable (services/shared/workflow-errors.ts).
      enums: [{ path: 'status', options: OrderStatusSchema.options }],
    },
  ),
  requestReview: spec(
    RequestReviewInputSchema,
    fc.record({ orderId: orderIdArb, taskToken: fc.base64String({ minLength: 4, maxLength: 600 }) }),
    orderIdField,
    { fields: [{ path: 'taskToken', type: 'string' }], strings: [{ path: 'taskToken', max: 2048 }] },
  ),
  // `order` is any object (compared with the stored order as it is, so it has no schema of its own).
  verifyOrder: spec(
    VerifyOrderInputSchema,
    fc.record({ orderId: orderIdArb, stage: fc.constantFrom(...VerifyStageSchema.options), order: fc.constant({}) }),
    orderIdField,
    {
      fields: [
        { path: 'stage', type: 'string' },
        { path: 'order', type: 'record' },
      ],
      enums: [{ path: 'stage', options: VerifyStageSchema.options }],
    },
  ),
  // One bulk-import line: `line` is any JSON value at this level (the domain checks it, so a bad line is
  // a ValidationError naming its number, before anything is written); here it is always a bad one.
  importOrder: spec(
    ImportOrderInputSchema,
    fc.record({ lineNumber: fc.integer({ min: 1, max: MAX_IMPORT_LINES }), line: fc.constant({}) }),
    {
      fields: [
        { path: 'lineNumber', type: 'integer' },
        { path: 'line', type: 'object' },
      ],
      integers: [{ path: 'lineNumber', min: 1, max: MAX_IMPORT_LINES }],
    },
  ),
  // `npm run new:service` adds a new service’s Task input specs above this line.
} satisfies Record<string, SpecDraft>;

/** The input spec of every Task function, by function name (its entry point: `createShipment (Task input)`). */
export const taskInputs = entryPoints(taskInputDrafts, (functionName) => `${functionName} (Task input)`);

export type TaskFunction = keyof typeof taskInputs;
