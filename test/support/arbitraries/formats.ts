/**
 * The documented formats (the oracle every generated case is built against) and arbitraries of
 * valid values built from them.
 */
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { CurrencySchema, LIMITS } from '../../../services/shared/schemas';

export type Obj = Record<string, unknown>;

export const isRecord = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `schema` rejects `value`. */
export const isRejected = (schema: z.ZodMiniType, value: unknown): boolean => !schema.safeParse(value).success;

// ---------------------------------------------------------------------------------------------
// The documented formats (the oracle the generated cases are built against)
// ---------------------------------------------------------------------------------------------

export const FORMATS = {
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

export const orderIdArb = fc.stringMatching(FORMATS.orderId);
export const skuArb = fc.stringMatching(/^SKU-[A-Z0-9]{1,12}(-[A-Z0-9]{1,8}){0,2}$/);
const quantityArb = fc.integer({ min: 1, max: LIMITS.maxQuantityPerLine });
export const currencyArb = fc.constantFrom(...CurrencySchema.options);
export const paymentTokenArb = fc.oneof(
  fc.constantFrom('tok_visa', 'tok_mastercard', 'tok_chargeDeclined'),
  fc.stringMatching(FORMATS.paymentToken),
);

/** Free text of any script (and emoji), within the documented rule. */
export const textArb = (max: number = LIMITS.maxTextLength) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: Math.min(max, 150) }),
      fc.constantFrom('Max Mustermann', 'Zoë Ångström', '王小明', ' Unter den Linden 5 ', 'São Paulo 🚚'),
    )
    .filter((text) => isValidText(text, max));

export const addressArb = fc.record(
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

export const orderItemArb = fc.record({
  sku: skuArb,
  quantity: quantityArb,
  unitPrice: fc.integer({ min: 0, max: LIMITS.maxUnitPriceMinor }),
});

/** A line as the state machine passes it to inventory and shipping (unitPrice rides along). */
export const stateLineArb = fc.record(
  { sku: skuArb, quantity: quantityArb, unitPrice: fc.nat({ max: 1_000_000 }) },
  { requiredKeys: ['sku', 'quantity'] },
);

export const linesArb = <T>(line: fc.Arbitrary<T>) =>
  fc.array(line, { minLength: 1, maxLength: LIMITS.maxLinesPerOrder });

/** Keeps only the keys the (object) schema declares, so the arbitrary follows the schema's current fields. */
export const declaredKeys =
  (schema: { shape: Obj }) =>
  (candidate: Obj): Obj =>
    Object.fromEntries(Object.entries(candidate).filter(([key]) => key in schema.shape));
