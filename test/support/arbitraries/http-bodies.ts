/** Input specs of the HTTP request bodies. */
import fc from 'fast-check';
import { CreateOrderBodySchema, ReviewDecisionSchema, SubmitReviewBodySchema } from '../../../services/orders/schemas';
import { CurrencySchema, LIMITS } from '../../../services/shared/schemas';
import { addressArb, currencyArb, declaredKeys, linesArb, orderItemArb, paymentTokenArb, textArb } from './formats';
import { malformedTokenArb } from './near-misses';
import { type InputSpec, addressFields, linesFields, named, spec } from './spec';

/** POST /orders body. Fields the schema no longer declares (the customer comes from the token) are left out. */
export const createOrderBody: InputSpec = named(
  'POST /orders body',
  spec(
    CreateOrderBodySchema,
    fc
      .record(
        {
          customerId: textArb(),
          currency: currencyArb,
          items: linesArb(orderItemArb),
          paymentToken: paymentTokenArb,
          shippingAddress: addressArb,
          fulfilmentWindowSeconds: fc.integer({ min: 0, max: LIMITS.maxFulfilmentWindowSeconds }),
        },
        { requiredKeys: ['customerId', 'currency', 'items', 'paymentToken', 'shippingAddress'] },
      )
      .map(declaredKeys(CreateOrderBodySchema)),
    {
      fields: [
        { path: 'currency', type: 'string' },
        { path: 'paymentToken', type: 'string' },
        { path: 'fulfilmentWindowSeconds', type: 'integer', optional: true },
        { path: 'items.*.unitPrice', type: 'integer' },
      ],
      strings: [{ path: 'paymentToken', max: 68 }],
      integers: [
        { path: 'items.*.unitPrice', min: 0, max: LIMITS.maxUnitPriceMinor },
        { path: 'fulfilmentWindowSeconds', min: 0, max: LIMITS.maxFulfilmentWindowSeconds },
      ],
      enums: [{ path: 'currency', options: CurrencySchema.options }],
      strictObjects: [''],
      badValues: [{ path: 'paymentToken', label: 'not tok_ + 1-64 letters, digits or _', bad: malformedTokenArb }],
    },
    // The orders schema takes the shared SKU pattern as it is (no length cap of its own).
    linesFields('items', orderItemArb, { strictLines: true }),
    addressFields('shippingAddress'),
  ),
);

/** POST /orders/{orderId}/review body (the reviewer comes from the token). */
export const submitReviewBody: InputSpec = named(
  'POST /orders/{orderId}/review body',
  spec(
    SubmitReviewBodySchema,
    fc
      .record(
        { decision: fc.constantFrom(...ReviewDecisionSchema.options), comment: textArb(LIMITS.maxCommentLength) },
        { requiredKeys: ['decision'] },
      )
      .map(declaredKeys(SubmitReviewBodySchema)),
    {
      fields: [
        { path: 'decision', type: 'string' },
        { path: 'comment', type: 'string', optional: true },
      ],
      strings: [{ path: 'comment', max: LIMITS.maxCommentLength, text: true }],
      enums: [{ path: 'decision', options: ReviewDecisionSchema.options }],
      strictObjects: [''],
    },
  ),
);
