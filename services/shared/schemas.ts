import * as z from 'zod/mini';
import { en } from 'zod/locales';

/*
 * The services use zod's tree-shakable `zod/mini` API: the classic `zod` puts ~470 KB into every
 * Lambda bundle, `zod/mini` ~17 KB. Same validation core (same checks, issue codes and messages),
 * but mini loads no locale by itself (every message would read "Invalid input"), so the English
 * messages classic zod loads are configured here, in the module every service schema builds on.
 */
z.config(en());

/** Limits shared by every entry point (documented in docs/api.md, "Input limits and errors"). */
export const LIMITS = {
  maxLinesPerOrder: 50,
  maxQuantityPerLine: 1000,
  maxUnitPriceMinor: 100_000_000,
  maxBodyBytes: 16 * 1024,
  maxTextLength: 200,
  maxCommentLength: 1000,
  maxFulfilmentWindowSeconds: 7 * 24 * 3600,
} as const;

export const OrderIdSchema = z
  .string()
  .check(z.regex(/^ord_[a-z0-9]{32}$/, 'must look like ord_ followed by 32 lowercase letters or digits'));
export type OrderId = z.infer<typeof OrderIdSchema>;

/** A SKU is part of a stock item's key (`SKU#<sku>`), so the whole code is capped, not only its segments. */
export const MAX_SKU_LENGTH = 64;
export const SkuSchema = z
  .string()
  .check(
    z.maxLength(MAX_SKU_LENGTH, `must be at most ${MAX_SKU_LENGTH} characters`),
    z.regex(
      /^SKU-[A-Z0-9]{1,32}(-[A-Z0-9]{1,32})*$/,
      'must look like SKU-ABC123 (upper case letters, digits and dashes)',
    ),
  );

/** One line of an order as inventory reserves it and shipping ships it: what, and how many. */
export const OrderLineSchema = z.strictObject({
  sku: SkuSchema,
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(LIMITS.maxQuantityPerLine)),
});

/** ISO 4217 alphabetic code. The list is kept short on purpose: add currencies your provider supports. */
export const CurrencySchema = z.enum([
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'SEK',
  'DKK',
  'NOK',
  'PLN',
  'CZK',
  'JPY',
  'CAD',
  'AUD',
]);
export type Currency = z.infer<typeof CurrencySchema>;

/** Money in integer minor units (cents), never floats. */
export const MoneySchema = z.strictObject({
  amount: z.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER)),
  currency: CurrencySchema,
});
export type Money = z.infer<typeof MoneySchema>;

/** ISO 3166-1 alpha-2 country code (shape only; the carrier decides what it serves). */
export const CountryCodeSchema = z
  .string()
  .check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE'));

export const boundedText = (max: number = LIMITS.maxTextLength) =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine((s) => !hasControlCharacters(s), 'must not contain control characters'),
    z.refine((s) => !hasLoneSurrogate(s), 'must be well-formed Unicode (no lone surrogate)'),
  );

/** A UTF-16 code unit of a surrogate pair without its other half: no character, not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a lone surrogate (a JSON `"\ud800"` escape parses to one). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** `text` with every lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, ES2024). */
export const toWellFormed = (text: string): string => text.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const AddressSchema = z.strictObject({
  name: boundedText(),
  line1: boundedText(),
  line2: z.optional(boundedText()),
  city: boundedText(),
  postalCode: z.string().check(z.regex(/^[A-Za-z0-9 -]{2,12}$/, 'must be 2-12 letters, digits, spaces or dashes')),
  country: CountryCodeSchema,
});
export type Address = z.infer<typeof AddressSchema>;

/** The smallest Task input: compensation steps need only the order id. */
export const OrderRefSchema = z.object({ orderId: OrderIdSchema });

/**
 * The mark of a tombstone: the record an undo step writes when it finds nothing to undo (the step it
 * undoes never ran), so that a late "do" is refused. Its status is the undone one (a shipment
 * CANCELLED, a reservation RELEASED, a payment VOIDED) because that is what refuses the late "do";
 * the mark says that nothing was shipped, reserved or authorized, so reports read it as
 * "nothing to undo" rather than as an event. Records written before the mark existed lack it.
 */
export const NothingToUndoSchema = z.optional(z.literal(true));

/** The attribute that carries the mark, in every service's record schema. */
export const NOTHING_TO_UNDO_FIELD = 'nothingToUndo';

/** Whether a stored record (as any service keeps it) is a tombstone: see NothingToUndoSchema. */
export const isNothingToUndo = (record: unknown): boolean =>
  record !== null && typeof record === 'object' && (record as Record<string, unknown>)[NOTHING_TO_UNDO_FIELD] === true;

/** How reports and the console name a tombstone instead of by its status. */
export const NOTHING_TO_UNDO_LABEL = 'nothing to undo';
