/**
 * fast-check arbitraries for the bad-input property tests (test/unit/properties/,
 * test/integration/bad-input.test.ts).
 *
 * Each entry point has an `InputSpec`: the schema its handler parses with, an arbitrary of *valid*
 * inputs, and where its fields are (dotted paths, `*` for "some element of this array"), with their
 * documented limits. `malformedInput(spec)` mutates valid inputs (drop a required field, wrong type,
 * bad numbers, over-long strings, control characters, unknown enum values, extra keys in strict
 * objects, arrays too short or too long, near-miss formats, deep nesting) or builds junk from
 * scratch (non-object values, `fc.anything()`). The HTTP arbitraries add what only a request can
 * be: no body, not JSON, base64, deeply nested text, over 16 KiB, bad path parameters and headers.
 *
 * Every case is invalid *by construction*, from the documented limits and formats below (the test
 * oracle), not by asking the schema: a schema that loses a limit makes the property tests fail.
 * Only fully random values (`fc.anything()`, random text) are filtered, with the schema.
 */
import type { APIGatewayProxyStructuredResultV2, APIGatewayProxyEventV2 as HttpEvent } from 'aws-lambda';
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { apiGatewayEvent, customerClaims, reviewerClaims } from '../../local/http-events';
import { ReleaseInventoryInputSchema, ReserveInventoryInputSchema } from '../../services/inventory/schemas';
import { NotifyCustomerEventSchema, OrderEventSchema } from '../../services/notification/schemas';
import {
  CreateOrderBodySchema,
  OrderStatusSchema,
  RequestReviewInputSchema,
  ReviewDecisionSchema,
  SubmitReviewBodySchema,
  UpdateOrderStatusInputSchema,
} from '../../services/orders/schemas';
import {
  AuthorizePaymentInputSchema,
  CapturePaymentInputSchema,
  RefundPaymentInputSchema,
} from '../../services/payment/schemas';
import { CurrencySchema, LIMITS, MAX_SKU_LENGTH } from '../../services/shared/schemas';
import { CancelShipmentInputSchema, CreateShipmentInputSchema } from '../../services/shipping/schemas';

type Obj = Record<string, unknown>;

const isRecord = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `schema` rejects `value`. */
const isRejected = (schema: z.ZodMiniType, value: unknown): boolean => !schema.safeParse(value).success;

// ---------------------------------------------------------------------------------------------
// The documented formats (the oracle the generated cases are built against)
// ---------------------------------------------------------------------------------------------

const FORMATS = {
  orderId: /^ord_[a-z0-9]{32}$/,
  sku: /^SKU-[A-Z0-9]{1,32}(-[A-Z0-9]{1,32})*$/,
  paymentToken: /^tok_[A-Za-z0-9_]{1,64}$/,
  country: /^[A-Z]{2}$/,
  postalCode: /^[A-Za-z0-9 -]{2,12}$/,
  idempotencyKey: /^[A-Za-z0-9_-]{1,100}$/,
  /** ISO 8601 UTC, as SNS stamps its messages. */
  timestamp: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/,
} as const;

/** Control characters as the shared text rule defines them (U+0000-U+001F, U+007F). */
const isControlCharacter = (code: number): boolean => code < 0x20 || code === 0x7f;

/** Free text: 1..max characters (Unicode code points) once trimmed, no control characters. */
const isValidText = (text: string, max: number): boolean => {
  const chars = [...text.trim()];
  return chars.length >= 1 && chars.length <= max && chars.every((char) => !isControlCharacter(char.charCodeAt(0)));
};

// ---------------------------------------------------------------------------------------------
// Valid building blocks
// ---------------------------------------------------------------------------------------------

const orderIdArb = fc.stringMatching(FORMATS.orderId);
const skuArb = fc.stringMatching(/^SKU-[A-Z0-9]{1,12}(-[A-Z0-9]{1,8}){0,2}$/);
const quantityArb = fc.integer({ min: 1, max: LIMITS.maxQuantityPerLine });
const currencyArb = fc.constantFrom(...CurrencySchema.options);
const paymentTokenArb = fc.oneof(
  fc.constantFrom('tok_visa', 'tok_mastercard', 'tok_chargeDeclined'),
  fc.stringMatching(FORMATS.paymentToken),
);

/** Free text of any script (and emoji), within the documented rule. */
const textArb = (max: number = LIMITS.maxTextLength) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: Math.min(max, 150) }),
      fc.constantFrom('Max Mustermann', 'Zoë Ångström', '王小明', ' Unter den Linden 5 ', 'São Paulo 🚚'),
    )
    .filter((text) => isValidText(text, max));

const addressArb = fc.record(
  {
    name: textArb(),
    line1: textArb(),
    line2: textArb(),
    city: textArb(),
    postalCode: fc.stringMatching(FORMATS.postalCode),
    country: fc.stringMatching(FORMATS.country),
  },
  { requiredKeys: ['name', 'line1', 'city', 'postalCode', 'country'] },
);

const orderItemArb = fc.record({
  sku: skuArb,
  quantity: quantityArb,
  unitPrice: fc.integer({ min: 0, max: LIMITS.maxUnitPriceMinor }),
});

/** A line as the state machine passes it to inventory and shipping (unitPrice rides along). */
const stateLineArb = fc.record(
  { sku: skuArb, quantity: quantityArb, unitPrice: fc.nat({ max: 1_000_000 }) },
  { requiredKeys: ['sku', 'quantity'] },
);

const linesArb = <T>(line: fc.Arbitrary<T>) => fc.array(line, { minLength: 1, maxLength: LIMITS.maxLinesPerOrder });

/** Keeps only the keys the (object) schema declares, so the arbitrary follows the schema's current fields. */
const declaredKeys =
  (schema: { shape: Obj }) =>
  (candidate: Obj): Obj =>
    Object.fromEntries(Object.entries(candidate).filter(([key]) => key in schema.shape));

// ---------------------------------------------------------------------------------------------
// Near misses of the formats
// ---------------------------------------------------------------------------------------------

/** Order ids that are almost right, or not at all. */
const malformedOrderIdArb: fc.Arbitrary<string> = fc
  .oneof(
    orderIdArb.map((id) => id.toUpperCase()),
    orderIdArb.map((id) => id.slice(0, -1)),
    orderIdArb.map((id) => `${id}0`),
    orderIdArb.map((id) => id.replace('ord_', 'ORD-')),
    orderIdArb.map((id) => id.slice(4)),
    fc
      .tuple(orderIdArb, fc.nat(), fc.constantFrom(' ', '\u0000', '\n', '/', '%2F', '-', 'é', '😀', '\u200b', 'A'))
      .map(([id, at, extra]) => {
        const k = 4 + (at % 32);
        return `${id.slice(0, k)}${extra}${id.slice(k + 1)}`;
      }),
    fc.integer({ min: 33, max: 5000 }).map((n) => `ord_${'a'.repeat(n)}`),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '',
      ' ',
      'ord_',
      'null',
      'undefined',
      '../../etc/passwd',
      "ord_' OR '1'='1",
      `ord_${'a'.repeat(31)}`,
    ),
  )
  .filter((id) => !FORMATS.orderId.test(id));

/** SKUs off the pattern. */
const malformedSkuArb = fc
  .oneof(
    skuArb.map((sku) => sku.toLowerCase()),
    skuArb.map((sku) => sku.slice(4)),
    skuArb.map((sku) => `${sku}-`),
    skuArb.map((sku) => sku.replace('-', '_')),
    skuArb.map((sku) => ` ${sku}`),
    fc.integer({ min: 33, max: 3000 }).map((n) => `SKU-${'A'.repeat(n)}`),
    fc.constantFrom('', 'SKU-', 'SKU--A', 'keyboard', 'SKU-ÄÖÜ'),
  )
  .filter((sku) => !FORMATS.sku.test(sku));

/** SKUs on the pattern (which repeats dash-separated segments without bound) but too long. */
const tooLongSkuArb = fc
  .integer({ min: 21, max: 1500 })
  .map((n) => `SKU-${'A1-'.repeat(n)}B`)
  .filter((sku) => FORMATS.sku.test(sku) && sku.length > MAX_SKU_LENGTH);

const malformedTokenArb = fc
  .oneof(
    paymentTokenArb.map((token) => token.slice(4)),
    paymentTokenArb.map((token) => token.replace('tok_', 'TOK_')),
    fc.integer({ min: 65, max: 2000 }).map((n) => `tok_${'a'.repeat(n)}`),
    fc.constantFrom('tok_', 'tok_visa!', 'tok visa', '4242424242424242', 'tok_\u0000'),
  )
  .filter((token) => !FORMATS.paymentToken.test(token));

const malformedCountryArb = fc
  .constantFrom('de', 'D', 'DEU', 'Germany', '', '12', 'D1', 'ÄÖ', ' DE')
  .filter((country) => !FORMATS.country.test(country));
const malformedPostalCodeArb = fc
  .constantFrom('1', '', '1234567890123', '10115!', '10\n115', '🏠🏠', '10115\u0000')
  .filter((code) => !FORMATS.postalCode.test(code));
const malformedTimestampArb = fc
  .constantFrom(
    'yesterday',
    '2026-11-25',
    '2026-13-01T00:00:00Z',
    '2026-11-25T25:00:00Z',
    '1764064800',
    '2026-11-25 10:00:00',
    '2026-11-25T10:00:00',
    '',
  )
  .filter((timestamp) => !FORMATS.timestamp.test(timestamp));

// ---------------------------------------------------------------------------------------------
// Input specs
// ---------------------------------------------------------------------------------------------

export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array';

export interface Field {
  path: string;
  type: FieldType;
  /** Absent is valid (so dropping it is no mutation). */
  optional?: boolean;
}

export interface InputSpec {
  /** What the handler parses the input with. */
  schema: z.ZodMiniType;
  /** Inputs the schema must accept. */
  valid: fc.Arbitrary<Obj>;
  /** Every field a mutation may drop (unless optional) or give another type, nested ones included. */
  fields: Field[];
  /** Length limits (`text`: free text, where control characters and blank values are refused). */
  strings?: { path: string; max: number; text?: boolean }[];
  integers?: { path: string; min: number; max: number }[];
  enums?: { path: string; options: readonly string[] }[];
  /** Objects that refuse unknown keys ('' is the input itself). */
  strictObjects?: string[];
  arrays?: { path: string; min: number; max: number; element: fc.Arbitrary<unknown> }[];
  /** Other values a field must refuse (near misses of its format, records too large…), with what is wrong. */
  badValues?: { path: string; label: string; bad: fc.Arbitrary<unknown> }[];
}

type SpecPart = Partial<Omit<InputSpec, 'schema' | 'valid'>>;

/** An input spec assembled from field layouts (their lists are concatenated). */
function spec(schema: z.ZodMiniType, valid: fc.Arbitrary<Obj>, ...parts: SpecPart[]): InputSpec {
  return {
    schema,
    valid,
    fields: parts.flatMap((part) => part.fields ?? []),
    strings: parts.flatMap((part) => part.strings ?? []),
    integers: parts.flatMap((part) => part.integers ?? []),
    enums: parts.flatMap((part) => part.enums ?? []),
    strictObjects: parts.flatMap((part) => part.strictObjects ?? []),
    arrays: parts.flatMap((part) => part.arrays ?? []),
    badValues: parts.flatMap((part) => part.badValues ?? []),
  };
}

const orderIdField: SpecPart = {
  fields: [{ path: 'orderId', type: 'string' }],
  strings: [{ path: 'orderId', max: 36 }],
  badValues: [{ path: 'orderId', label: 'not ord_ + 32 lowercase letters or digits', bad: malformedOrderIdArb }],
};

const addressFields = (at: string): SpecPart => ({
  fields: [
    { path: at, type: 'object' },
    ...['name', 'line1', 'city', 'postalCode', 'country'].map((f) => ({ path: `${at}.${f}`, type: 'string' as const })),
    { path: `${at}.line2`, type: 'string', optional: true },
  ],
  strings: [
    ...['name', 'line1', 'line2', 'city'].map((f) => ({ path: `${at}.${f}`, max: LIMITS.maxTextLength, text: true })),
    { path: `${at}.postalCode`, max: 12 },
    { path: `${at}.country`, max: 2 },
  ],
  strictObjects: [at],
  badValues: [
    { path: `${at}.country`, label: 'not an ISO 3166-1 alpha-2 code', bad: malformedCountryArb },
    { path: `${at}.postalCode`, label: 'not 2-12 letters, digits, spaces or dashes', bad: malformedPostalCodeArb },
  ],
});

const linesFields = (at: string, element: fc.Arbitrary<unknown>, options: { strictLines: boolean }): SpecPart => ({
  fields: [
    { path: at, type: 'array' },
    { path: `${at}.*`, type: 'object', optional: true },
    { path: `${at}.*.sku`, type: 'string' },
    { path: `${at}.*.quantity`, type: 'integer' },
  ],
  strings: [{ path: `${at}.*.sku`, max: MAX_SKU_LENGTH }],
  integers: [{ path: `${at}.*.quantity`, min: 1, max: LIMITS.maxQuantityPerLine }],
  arrays: [{ path: at, min: 1, max: LIMITS.maxLinesPerOrder, element }],
  badValues: [
    { path: `${at}.*.sku`, label: 'not SKU-ABC123 (upper case letters, digits, dashes)', bad: malformedSkuArb },
    { path: `${at}.*.sku`, label: `a well-formed SKU longer than ${MAX_SKU_LENGTH}`, bad: tooLongSkuArb },
  ],
  strictObjects: options.strictLines ? [`${at}.*`] : [],
});

const moneyFields = (at: string, minAmount: number): SpecPart => ({
  fields: [
    { path: at, type: 'object' },
    { path: `${at}.amount`, type: 'integer' },
    { path: `${at}.currency`, type: 'string' },
  ],
  integers: [{ path: `${at}.amount`, min: minAmount, max: Number.MAX_SAFE_INTEGER }],
  enums: [{ path: `${at}.currency`, options: CurrencySchema.options }],
  strictObjects: [at],
});

// HTTP bodies --------------------------------------------------------------------------------

/** POST /orders body. Fields the schema no longer declares (the customer comes from the token) are left out. */
export const createOrderBody: InputSpec = spec(
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
);

/** POST /orders/{orderId}/review body (the reviewer comes from the token). */
export const submitReviewBody: InputSpec = spec(
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
);

// Task inputs --------------------------------------------------------------------------------

const orderRefSpec = (schema: z.ZodMiniType): InputSpec =>
  spec(schema, fc.record({ orderId: orderIdArb }), orderIdField);

export const taskInputs = {
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
      strings: [{ path: 'reason', max: LIMITS.maxTextLength, text: true }],
      enums: [{ path: 'status', options: OrderStatusSchema.options }],
    },
  ),
  requestReview: spec(
    RequestReviewInputSchema,
    fc.record({ orderId: orderIdArb, taskToken: fc.base64String({ minLength: 4, maxLength: 600 }) }),
    orderIdField,
    { fields: [{ path: 'taskToken', type: 'string' }], strings: [{ path: 'taskToken', max: 2048 }] },
  ),
} satisfies Record<string, InputSpec>;

export type TaskFunction = keyof typeof taskInputs;

// SNS (notifyCustomer) ---------------------------------------------------------------------

const EVENT_TYPES = ['OrderCompleted', 'OrderCancelled', 'ReviewRequested'] as const;
const moneyArb = fc.record({ amount: fc.nat({ max: 1_000_000_000 }), currency: currencyArb });

const orderEventArb: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({ type: fc.constant('OrderCompleted'), orderId: orderIdArb, customerId: textArb(), total: moneyArb }),
  fc.record({ type: fc.constant('ReviewRequested'), orderId: orderIdArb, customerId: textArb(), total: moneyArb }),
  fc.record(
    {
      type: fc.constant('OrderCancelled'),
      orderId: orderIdArb,
      customerId: textArb(),
      reason: fc.oneof(fc.constantFrom('OutOfStock', 'PaymentDeclined', 'OrderCancelled'), fc.string({ minLength: 1 })),
      error: fc.string({ minLength: 1, maxLength: 200 }),
    },
    { requiredKeys: ['type', 'orderId', 'customerId', 'reason'] },
  ),
);

/** An order event as published on the order-events topic (the SNS message). */
const orderEvent: InputSpec = spec(OrderEventSchema, orderEventArb, orderIdField, {
  fields: [
    { path: 'type', type: 'string' },
    { path: 'customerId', type: 'string' },
  ],
  strings: [{ path: 'customerId', max: LIMITS.maxTextLength, text: true }],
  enums: [{ path: 'type', options: EVENT_TYPES }],
});

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-processing-dev-order-events';

/** One SNS record as Lambda delivers it, carrying `message` (a string, or anything for malformed cases). */
function snsRecord(message: unknown, messageId: string, timestamp: string): Obj {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
    Sns: {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: TOPIC_ARN,
      Subject: null,
      Message: message,
      Timestamp: timestamp,
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
      UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

const timestampArb = fc
  .date({ min: new Date('2020-01-01T00:00:00.000Z'), max: new Date('2035-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const snsRecordArb = fc
  .tuple(orderEventArb, fc.uuid(), timestampArb)
  .map(([event, messageId, timestamp]) => snsRecord(JSON.stringify(event), messageId, timestamp));

/** The SNS Lambda event (the envelope around the messages). */
export const notifyCustomerEvent: InputSpec = spec(
  NotifyCustomerEventSchema,
  fc.record({ Records: fc.array(snsRecordArb, { minLength: 1, maxLength: 3 }) }),
  {
    fields: [
      { path: 'Records', type: 'array' },
      { path: 'Records.*', type: 'object', optional: true },
      { path: 'Records.*.Sns', type: 'object' },
      { path: 'Records.*.Sns.MessageId', type: 'string' },
      { path: 'Records.*.Sns.Message', type: 'string' },
      { path: 'Records.*.Sns.Timestamp', type: 'string' },
      { path: 'Records.*.Sns.TopicArn', type: 'string', optional: true },
    ],
    strings: [
      { path: 'Records.*.Sns.MessageId', max: 200 },
      { path: 'Records.*.Sns.Timestamp', max: 30 },
      { path: 'Records.*.Sns.TopicArn', max: 2048 },
    ],
    arrays: [{ path: 'Records', min: 1, max: 10, element: snsRecordArb }],
    badValues: [
      { path: 'Records.*.Sns.Timestamp', label: 'not an ISO 8601 UTC timestamp', bad: malformedTimestampArb },
      // SNS carries at most 10 message attributes, named with at most 256 characters
      {
        path: 'Records.*.Sns.MessageAttributes',
        label: 'more than 10 attributes, a name over 256 characters, or not a record',
        bad: fc.oneof(
          fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 1 }), {
            minKeys: 11,
            maxKeys: 30,
          }),
          fc.integer({ min: 257, max: 1000 }).map((n) => ({ ['a'.repeat(n)]: { Type: 'String', Value: 'x' } })),
          fc.constantFrom(null, 'attributes', 42, [{ Type: 'String', Value: 'x' }]),
        ),
      },
    ],
  },
);

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

type Container = Obj | unknown[];

/** Where a dotted path points in `root` (a `*` picks element `seed % length`), or undefined if absent. */
function locate(root: unknown, path: string, seed: number): { parent: Container; key: string | number } | undefined {
  const segments = path.split('.');
  let node: unknown = root;
  for (const [i, segment] of segments.entries()) {
    let parent: Container;
    let key: string | number;
    if (segment === '*') {
      if (!Array.isArray(node) || node.length === 0) return undefined;
      parent = node;
      key = seed % node.length;
    } else {
      if (!isRecord(node)) return undefined;
      parent = node;
      key = segment;
    }
    if (i === segments.length - 1) return { parent, key };
    node = Array.isArray(parent) ? parent[key as number] : parent[key];
  }
  return undefined;
}

const read = (parent: Container, key: string | number): unknown =>
  Array.isArray(parent) ? parent[key as number] : parent[key];

/** Sets an own property (even `__proto__`) or an array element. */
const write = (parent: Container, key: string | number, value: unknown): void => {
  if (Array.isArray(parent)) parent[key as number] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
};

/** A copy of `root` with `change` applied at `path` (which must exist: every path of a spec does in valid inputs). */
function edited(root: Obj, path: string, seed: number, change: (parent: Container, key: string | number) => void): Obj {
  const copy = structuredClone(root);
  const at = locate(copy, path, seed);
  if (!at) throw new Error(`arbitraries: no ${path} in ${JSON.stringify(root)}`);
  change(at.parent, at.key);
  return copy;
}

const setAt = (root: Obj, path: string, seed: number, value: unknown) =>
  edited(root, path, seed, (parent, key) => write(parent, key, value));

/** The parent of a path exists in every valid input (the field itself may be optional and absent). */
const parentPath = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('.')));

function setField(root: Obj, path: string, seed: number, value: unknown): Obj {
  const parent = parentPath(path);
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (parent === '') {
    const copy = structuredClone(root);
    write(copy, key, value);
    return copy;
  }
  if (key === '*') return setAt(root, path, seed, value);
  return edited(root, parent, seed, (grand, parentKey) => {
    const container = read(grand, parentKey);
    if (!isRecord(container)) throw new Error(`arbitraries: ${parent} is not an object`);
    write(container, key, value);
  });
}

/** JSON values of every type except `type` (so the field gets the wrong type). */
const wrongTypeArb = (type: FieldType): fc.Arbitrary<unknown> => {
  const byType: Record<FieldType, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    integer: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('1', '0', '1e3', ' 7 ')),
    boolean: fc.constantFrom('true', 'false', 1, 0),
    object: fc.string({ maxLength: 12 }),
    array: fc.string({ maxLength: 12 }),
  };
  const others = fc.oneof(
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    fc.boolean(),
  );
  return fc
    .oneof(byType[type], others)
    .filter((value) => jsonType(value) !== type && !(type === 'integer' && typeof value === 'number'));
};

function jsonType(value: unknown): FieldType | 'null' | 'number' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value as 'string' | 'boolean';
  return 'object';
}

/** Numbers outside [min, max], fractional or not finite (and numbers in strings). */
const badNumberArb = (min: number, max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: -2_147_483_648, max: min - 1 }),
    fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.nat({ max: 1_000_000 }).map((k) => max + 1 + k),
    fc.constantFrom(2 ** 53 + 2, 1e21, Number.MAX_VALUE, Infinity, -Infinity, Number.NaN, 0.5, 0.1 + 0.2),
    fc.integer({ min, max: Math.min(max, 1000) }).map(String),
  );

/**
 * A string longer than `max` characters (zod counts Unicode code points, so an emoji is one):
 * ASCII, accented or astral characters, with no edge whitespace that trimming could remove.
 */
const tooLongArb = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('x', 'Z', '7', 'a b', 'é', '😀', '-'))
    .map(([extra, unit]) => unit.repeat(Math.ceil((max + extra) / [...unit].length)));

const controlCharArb = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .map((code) => String.fromCharCode(code));

/** Inserts a control character between two visible characters (so trimming cannot remove it). */
const withControlChar = (text: unknown, control: string, at: number): string => {
  const visible = typeof text === 'string' && text.trim().length > 0 ? text.trim().slice(0, 150) : 'text';
  const k = at % (visible.length + 1);
  return `x${visible.slice(0, k)}${control}${visible.slice(k)}x`;
};

const unknownEnumArb = (options: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(...options).map((o) => o.toLowerCase()),
      fc.constantFrom(...options).map((o) => o.toUpperCase()),
      fc.constantFrom(...options).map((o) => ` ${o} `),
      fc.constantFrom(...options).map((o) => `${o}X`),
      fc.stringMatching(/^[A-Za-z_]{1,12}$/),
      fc.constantFrom('', 'XYZ', 'BTC', 'eur', 'Approve', 'SHIPPED', 'OrderShipped'),
    )
    .filter((value) => !options.includes(value));

/** Keys no strict object of these schemas declares. */
const extraKeyArb = fc.oneof(
  fc.constantFrom('coupon', 'discount', 'isAdmin', 'constructor', 'toString', '__proto__', '', ' '),
  fc.string({ minLength: 1, maxLength: 20 }).map((key) => `x-${key}`),
);

/** Nested arrays or objects, `depth` levels deep. */
function deeplyNested(depth: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { nested: value };
  return value;
}

const deepArb = fc.tuple(fc.integer({ min: 20, max: 2000 }), fc.boolean()).map(([d, a]) => deeplyNested(d, a));

/** Values that are not an object at all. */
const notAnObjectArb = (valid: fc.Arbitrary<Obj>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    valid.map((v) => [v]),
    valid.map((v) => JSON.stringify(v)),
  );

/** `value` as it arrives after a trip through JSON (what an HTTP body or a Step Functions input carries). */
export const jsonRoundTrip = (value: unknown): unknown => {
  const text = toJsonText(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

export interface MalformedOptions {
  /** Include values built from scratch (not an object, deep nesting, anything). Default true. */
  scratch?: boolean;
  /** The value will be sent as JSON: random values are checked after a JSON round trip. */
  json?: boolean;
}

/** One way of breaking an input: a label naming the limit or rule, and the inputs that break it. */
export interface MalformedCase<T = unknown> {
  label: string;
  arbitrary: fc.Arbitrary<T>;
}

/**
 * Every way of breaking an entry point's input, one case per field and rule: a required field
 * left out, another type, deep nesting, over-long or blank text, control characters, numbers out of
 * range, unknown enum values, unknown keys, arrays out of bounds, bad formats; and (`scratch`)
 * values that are not an object at all, deeply nested values and anything.
 */
export function malformedCases(
  input: InputSpec,
  { scratch = true, json = false }: MalformedOptions = {},
): MalformedCase[] {
  const { valid } = input;
  /** A case that changes one valid input: `make` gives the change for a valid input and an array-element seed. */
  const change = (label: string, make: fc.Arbitrary<(v: Obj, seed: number) => unknown>): MalformedCase => ({
    label,
    arbitrary: fc.tuple(valid, make, fc.nat()).map(([v, apply, seed]) => apply(v, seed)),
  });
  const setTo = (label: string, path: string, value: fc.Arbitrary<unknown>) =>
    change(
      label,
      value.map((replacement) => (v: Obj, seed: number) => setField(v, path, seed, replacement)),
    );
  const texts = (input.strings ?? []).filter((field) => field.text);

  const cases: MalformedCase[] = [
    ...input.fields
      .filter((field) => !field.optional)
      .map((field) =>
        change(
          `${field.path} missing`,
          fc.constant((v: Obj, seed: number) =>
            edited(v, field.path, seed, (parent, key) => {
              if (Array.isArray(parent)) throw new Error('arbitraries: array elements are not required fields');
              Reflect.deleteProperty(parent, key);
            }),
          ),
        ),
      ),
    ...input.fields.map((field) => setTo(`${field.path} not a ${field.type}`, field.path, wrongTypeArb(field.type))),
    ...input.fields.map((field) => setTo(`${field.path} deeply nested`, field.path, deepArb)),
    ...(input.strings ?? []).map((field) =>
      setTo(`${field.path} longer than ${field.max}`, field.path, tooLongArb(field.max)),
    ),
    ...texts.map((field) =>
      change(
        `${field.path} with a control character`,
        fc.tuple(controlCharArb, fc.nat()).map(([control, at]) => (v: Obj, seed: number) => {
          const current = locate(v, field.path, seed);
          const text = withControlChar(current && read(current.parent, current.key), control, at);
          return setField(v, field.path, seed, text);
        }),
      ),
    ),
    ...texts.map((field) =>
      setTo(`${field.path} blank`, field.path, fc.constantFrom('', ' ', '   ', '\t', '\u00a0\u00a0', '\n')),
    ),
    ...(input.integers ?? []).map((field) =>
      setTo(
        `${field.path} not an integer in ${field.min}..${field.max}`,
        field.path,
        badNumberArb(field.min, field.max),
      ),
    ),
    ...(input.enums ?? []).map((field) =>
      setTo(`${field.path} not one of ${field.options.join('|')}`, field.path, unknownEnumArb(field.options)),
    ),
    ...(input.strictObjects ?? []).map((path) =>
      change(
        `unknown key in ${path === '' ? 'the input' : path}`,
        fc.tuple(extraKeyArb, fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => (v: Obj, seed: number) => {
          const copy = structuredClone(v);
          const at = path === '' ? undefined : locate(copy, path, seed);
          const object = at ? read(at.parent, at.key) : copy;
          if (!isRecord(object)) throw new Error(`arbitraries: ${path} is not an object`);
          write(object, key, value);
          return copy;
        }),
      ),
    ),
    ...(input.arrays ?? []).map((field) =>
      setTo(
        `${field.path} with a length outside ${field.min}..${field.max}`,
        field.path,
        fc
          .oneof(fc.constant([]), fc.array(field.element, { minLength: field.max + 1, maxLength: field.max + 20 }))
          .filter((items) => items.length < field.min || items.length > field.max),
      ),
    ),
    ...(input.badValues ?? []).map((field) => setTo(`${field.path}: ${field.label}`, field.path, field.bad)),
  ];
  if (scratch) {
    cases.push(
      { label: 'not an object', arbitrary: notAnObjectArb(valid) },
      { label: 'deeply nested', arbitrary: deepArb },
      {
        label: 'anything',
        arbitrary: fc
          .oneof(fc.anything(), fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 4 }))
          .filter((value) => isRejected(input.schema, json ? jsonRoundTrip(value) : value)),
      },
    );
  }
  return cases;
}

/** Malformed inputs for an entry point: any of its `malformedCases`, equally likely. */
export function malformedInput(input: InputSpec, options: MalformedOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(...malformedCases(input, options).map((c) => c.arbitrary));
}

// ---------------------------------------------------------------------------------------------
// HTTP requests
// ---------------------------------------------------------------------------------------------

/** What varies between generated requests to one route. */
export interface HttpCase {
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  /** Absent: the event has no pathParameters at all. */
  pathParameters?: Record<string, string>;
}

/** `JSON.stringify`, but never throwing, and `undefined` for values JSON has no text for. */
function toJsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) as string | undefined;
  } catch {
    return String(value);
  }
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Text that is not JSON: cut-off bodies, near-JSON, other formats, random text. */
function notJsonTextArb(valid: fc.Arbitrary<Obj>): fc.Arbitrary<string> {
  return fc
    .oneof(
      valid
        .map((v) => JSON.stringify(v))
        .chain((text) => fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((k) => text.slice(0, k))),
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        "{'currency': 'EUR'}",
        '{"a":1,}',
        'undefined',
        'NaN',
        '<order/>',
        'currency=EUR&items=1',
        '\u0000',
        '{"a":1}{"b":2}',
        '[1,2',
        '"unterminated',
        '{"a":01}',
        '\ufeff{}',
      ),
    )
    .filter((text) => !isJson(text));
}

/** JSON text nested `depth` levels deep: arrays (not an object) or objects without any required field. */
const deepJsonTextArb = fc
  .tuple(fc.integer({ min: 50, max: 8000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** The body as the shared middleware reads it: missing, too large, not JSON, or a JSON value. */
type DecodedBody = { kind: 'missing' } | { kind: 'tooLarge' } | { kind: 'notJson' } | { kind: 'json'; value: unknown };

function decodeBody(request: HttpCase): DecodedBody {
  if (request.body === undefined || request.body === '') return { kind: 'missing' };
  const text = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) return { kind: 'tooLarge' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'notJson' };
  }
}

/** The status a rejected request must get: 413 when its body is over the limit (checked first), else 400. */
export const expectedStatus = (request: HttpCase): 400 | 413 => (decodeBody(request).kind === 'tooLarge' ? 413 : 400);

/** Every way of breaking a JSON body described by `input`, as requests (one case per field and rule). */
export const malformedBodyCases = (input: InputSpec): MalformedCase<HttpCase>[] =>
  malformedCases(input, { json: true }).map((c) => ({
    label: `body ${c.label}`,
    arbitrary: c.arbitrary.map((value): HttpCase => ({ body: toJsonText(value) })),
  }));

/** Request bodies a route whose body is described by `input` must reject. */
function malformedBodyArb(input: InputSpec): fc.Arbitrary<HttpCase> {
  return fc.oneof(
    { weight: 8, arbitrary: malformedInput(input, { json: true }).map((value) => ({ body: toJsonText(value) })) },
    { weight: 1, arbitrary: notJsonTextArb(input.valid).map((body) => ({ body })) },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .filter((value) => !isRecord(value))
        .map((value) => ({ body: JSON.stringify(value) })),
    },
    { weight: 1, arbitrary: deepJsonTextArb.map((body) => ({ body })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<HttpCase>({}, { body: '' }, { body: ' ' }, { body: 'null' }, { body: '{}' }),
    },
    {
      weight: 1,
      // valid JSON, even a valid body, padded past the size limit: refused before it is parsed
      arbitrary: fc.tuple(input.valid, fc.integer({ min: 1, max: 4096 })).map(([v, extra]) => {
        const text = JSON.stringify(v);
        return { body: `${text}${' '.repeat(Math.max(0, LIMITS.maxBodyBytes - Buffer.byteLength(text)) + extra)}` };
      }),
    },
    {
      weight: 1,
      // base64-encoded bodies (as API Gateway passes binary payloads)
      arbitrary: fc
        .oneof(
          notJsonTextArb(input.valid),
          malformedInput(input, { json: true, scratch: false }).map((v) => toJsonText(v) ?? ''),
        )
        .map((text) => ({ body: Buffer.from(text, 'utf8').toString('base64'), isBase64Encoded: true })),
    },
  );
}

export interface HttpRouteSpec {
  functionName: 'createOrder' | 'submitReview' | 'getOrder' | 'cancelOrder';
  method: 'GET' | 'POST';
  route: string;
  /** The verified JWT claims API Gateway passes (a customer, or a reviewer for the review route). */
  claims: Record<string, string>;
  /** Requests the route must reject. */
  malformed: fc.Arbitrary<HttpCase>;
}

/** Path parameters an `/orders/{orderId}` route must reject (API Gateway passes them as strings). */
const badPathArb: fc.Arbitrary<HttpCase> = fc.oneof(
  { weight: 8, arbitrary: malformedOrderIdArb.map((orderId) => ({ pathParameters: { orderId } })) },
  { weight: 1, arbitrary: fc.constantFrom<HttpCase>({}, { pathParameters: {} }) },
  { weight: 1, arbitrary: orderIdArb.map((id) => ({ pathParameters: { id } })) },
);

const badIdempotencyKeyArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.integer({ min: 101, max: 3000 }).map((n) => 'k'.repeat(n)),
    fc.constantFrom('has spaces', 'key/with/slashes', 'ключ', 'key\u0000', 'a;b', '*'),
  )
  .filter((key) => !FORMATS.idempotencyKey.test(key));

export const httpRoutes: Record<HttpRouteSpec['functionName'], HttpRouteSpec> = {
  createOrder: {
    functionName: 'createOrder',
    method: 'POST',
    route: '/orders',
    claims: customerClaims('customer-1'),
    malformed: fc.oneof(
      { weight: 9, arbitrary: malformedBodyArb(createOrderBody) },
      {
        weight: 1,
        // a valid body with a malformed Idempotency-Key header
        arbitrary: fc
          .tuple(createOrderBody.valid, badIdempotencyKeyArb)
          .map(([body, key]) => ({ body: JSON.stringify(body), headers: { 'Idempotency-Key': key } })),
      },
    ),
  },
  submitReview: {
    functionName: 'submitReview',
    method: 'POST',
    route: '/orders/{orderId}/review',
    claims: reviewerClaims('reviewer-1'),
    malformed: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(malformedBodyArb(submitReviewBody), orderIdArb)
          .map(([request, orderId]) => ({ ...request, pathParameters: { orderId } })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(submitReviewBody.valid, badPathArb)
          .map(([body, path]) => ({ body: JSON.stringify(body), ...path })),
      },
    ),
  },
  getOrder: {
    functionName: 'getOrder',
    method: 'GET',
    route: '/orders/{orderId}',
    claims: customerClaims('customer-1'),
    malformed: badPathArb,
  },
  cancelOrder: {
    functionName: 'cancelOrder',
    method: 'POST',
    route: '/orders/{orderId}/cancel',
    claims: customerClaims('customer-1'),
    malformed: badPathArb,
  },
};

/** The API Gateway (HTTP API, payload 2.0) event for one request to a route, with the route's verified claims. */
export function httpEvent(route: Pick<HttpRouteSpec, 'method' | 'route' | 'claims'>, request: HttpCase): HttpEvent {
  const event = apiGatewayEvent({
    method: route.method,
    route: route.route,
    claims: route.claims,
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    ...(request.headers === undefined ? {} : { headers: request.headers }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { ...event, isBase64Encoded: request.isBase64Encoded ?? false };
}

// ---------------------------------------------------------------------------------------------
// SNS messages
// ---------------------------------------------------------------------------------------------

/** Order events with a total (OrderCompleted, ReviewRequested): their money fields. */
const eventTotalSpec = spec(
  OrderEventSchema,
  fc.record({
    type: fc.constantFrom('OrderCompleted', 'ReviewRequested'),
    orderId: orderIdArb,
    customerId: textArb(),
    total: moneyArb,
  }),
  moneyFields('total', 0),
);

/** OrderCancelled events: their reason and error texts. */
const eventReasonSpec = spec(
  OrderEventSchema,
  fc.record({
    type: fc.constant('OrderCancelled'),
    orderId: orderIdArb,
    customerId: textArb(),
    reason: fc.string({ minLength: 1, maxLength: 100 }),
  }),
  {
    fields: [
      { path: 'reason', type: 'string' },
      { path: 'error', type: 'string', optional: true },
    ],
    strings: [
      { path: 'reason', max: 32_768 },
      { path: 'error', max: 32_768 },
    ],
  },
);

const asMessageText = (c: MalformedCase): MalformedCase => ({
  label: c.label,
  arbitrary: c.arbitrary.map((event) => toJsonText(event) ?? 'undefined'),
});

/** Every way of breaking the message inside a well-formed SNS event (the `Message` value). */
const messageCases: MalformedCase[] = [
  ...malformedCases(orderEvent, { json: true }).map(asMessageText),
  ...malformedCases(eventTotalSpec, { scratch: false }).map(asMessageText),
  ...malformedCases(eventReasonSpec, { scratch: false }).map(asMessageText),
  { label: 'not JSON', arbitrary: notJsonTextArb(orderEventArb) },
  {
    label: 'JSON but not an object',
    arbitrary: fc
      .jsonValue({ maxDepth: 2 })
      .filter((value) => !isRecord(value))
      .map((value) => JSON.stringify(value)),
  },
  {
    label: 'not a string (even an order event object)',
    arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), orderEventArb),
  },
  {
    label: 'over the SNS message size limit (256 KiB), even around a valid event',
    arbitrary: orderEventArb.map((event) => `${JSON.stringify(event)}${' '.repeat(256 * 1024)}`),
  },
];

/** A one-record SNS event around each generated message. */
const inSnsEvent = (message: fc.Arbitrary<unknown>): fc.Arbitrary<Obj> =>
  fc
    .tuple(message, fc.uuid(), timestampArb)
    .map(([m, messageId, timestamp]) => ({ Records: [snsRecord(m, messageId, timestamp)] }));

/** Every way of breaking the message of a well-formed SNS event, as whole SNS events. */
export const malformedMessageEventCases: MalformedCase<Obj>[] = messageCases.map((c) => ({
  label: `Message ${c.label}`,
  arbitrary: inSnsEvent(c.arbitrary),
}));

/** Well-formed SNS events whose message is not an order event this service accepts. */
export const malformedMessageEventArb: fc.Arbitrary<Obj> = inSnsEvent(
  fc.oneof(...messageCases.map((c) => c.arbitrary)),
);

// ---------------------------------------------------------------------------------------------
// What a rejection must look like
// ---------------------------------------------------------------------------------------------

/** What `promise` rejected with; fails when it resolved (the input was accepted). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`the input was accepted (result: ${JSON.stringify(result)})`);
}

/** A Task's answer to bad input: a thrown `ValidationError` with a message and at least one issue. */
export function expectValidationError(error: unknown): void {
  expect(error).toMatchObject({
    name: 'ValidationError',
    message: expect.stringMatching(/^Invalid .+: .+/s),
    issues: expect.arrayContaining([
      { path: expect.any(String), message: expect.any(String), code: expect.any(String) },
    ]),
  });
}

/**
 * The same answer as the function's caller sees it (Lambda passes on errorType and errorMessage, not
 * the error's own fields such as `issues`): a ValidationError whose message summarizes the issues
 * (`Invalid <what>: <path>: <message>; …`).
 */
export function expectInvokedValidationError(error: unknown): void {
  expect(error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^Invalid .+: .+: .+/s) });
}

/** An HTTP answer to bad input: 413 PayloadTooLarge, or 400 ValidationError with at least one issue. */
export function expectHttpRejection(result: APIGatewayProxyStructuredResultV2 | undefined, status: 400 | 413): void {
  const body = JSON.parse(result?.body ?? 'null') as unknown;
  expect({ statusCode: result?.statusCode, body }).toMatchObject(
    status === 413
      ? { statusCode: 413, body: { error: 'PayloadTooLarge', message: expect.stringMatching(/limit is \d+ bytes/) } }
      : {
          statusCode: 400,
          body: {
            error: 'ValidationError',
            message: expect.stringMatching(/^Invalid .+/s),
            issues: expect.arrayContaining([
              { path: expect.any(String), message: expect.any(String), code: expect.any(String) },
            ]),
          },
        },
  );
}
