/** Input specs: an entry point's schema, its valid inputs and where its fields and limits are. */
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { CurrencySchema, LIMITS, MAX_SKU_LENGTH } from '../../../services/shared/schemas';
import type { Obj } from './formats';
import { withNulls } from './nulls';
import {
  malformedCountryArb,
  malformedOrderIdArb,
  malformedPostalCodeArb,
  malformedSkuArb,
  tooLongSkuArb,
} from './near-misses';

/** A field's JSON type; a `record` is an object whose keys are data (`z.record`), not names. */
export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'record' | 'array';

/**
 * A field of an input, `{ path, type, optional?, nullable?, variants? }`. An optional-nullable
 * field (`z.optional(z.nullable(…))`) is both: absent and null are valid.
 */
export interface Field {
  /** Dotted path, `*` for an element of an array (`items.*.sku`). */
  path: string;
  type: FieldType;
  /** Absent is valid (`z.optional`), so dropping it is no mutation. */
  optional?: boolean;
  /** Null is valid (`z.nullable`): null is no wrong type for it, and valid inputs sometimes carry it. */
  nullable?: boolean;
  /**
   * Only inputs of these variants of a discriminated union have the field (their `discriminator`
   * value is one of these): its mutations, and those of the fields inside it, start from them.
   */
  variants?: readonly string[];
}

/**
 * How an entry point's input is made and broken: `{ entryPoint, schema, valid, written, fields,
 * discriminator?, strings?, integers?, enums?, strictObjects?, arrays?, badValues? }`. `fields`
 * must name every field the schema declares (`malformedCases` checks: arbitraries/spec-check.ts).
 */
export interface InputSpec {
  /** Who parses the input (`createShipment (Task input)`, `POST /orders body`): errors name it. */
  entryPoint: string;
  /** What the handler parses the input with. */
  schema: z.ZodMiniType;
  /** Inputs the schema must accept: the `written` ones, with null now and then in nullable fields. */
  valid: fc.Arbitrary<Obj>;
  /** The valid inputs as the spec writes them (no null added): what the mutations start from. */
  written: fc.Arbitrary<Obj>;
  /** Every field a mutation may drop (unless optional) or give another type, nested ones included. */
  fields: Field[];
  /** For a discriminated union: the top-level key whose value names the variant (see `Field.variants`). */
  discriminator?: string;
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

type SpecPart = Partial<Omit<InputSpec, 'entryPoint' | 'schema' | 'valid' | 'written'>>;

/** An input spec still without its entry point's name (`named`, `entryPoints` give it one). */
export type SpecDraft = Omit<InputSpec, 'entryPoint'>;

/**
 * An input spec assembled from field layouts (their lists are concatenated; the first
 * discriminator given is the spec's). `valid` gives inputs with every field of its choice; the
 * spec's `valid` adds null to nullable fields now and then.
 */
export function spec(schema: z.ZodMiniType, valid: fc.Arbitrary<Obj>, ...parts: SpecPart[]): SpecDraft {
  const fields = parts.flatMap((part) => part.fields ?? []);
  const discriminator = parts.find((part) => part.discriminator !== undefined)?.discriminator;
  return {
    schema,
    valid: withNulls(valid, fields),
    written: valid,
    fields,
    ...(discriminator === undefined ? {} : { discriminator }),
    strings: parts.flatMap((part) => part.strings ?? []),
    integers: parts.flatMap((part) => part.integers ?? []),
    enums: parts.flatMap((part) => part.enums ?? []),
    strictObjects: parts.flatMap((part) => part.strictObjects ?? []),
    arrays: parts.flatMap((part) => part.arrays ?? []),
    badValues: parts.flatMap((part) => part.badValues ?? []),
  };
}

/** The spec of the entry point `entryPoint`. */
export const named = (entryPoint: string, draft: SpecDraft): InputSpec => ({ entryPoint, ...draft });

/** Specs named after their keys: `describe` says what a key is (`reserveInventory (Task input)`). */
export function entryPoints<K extends string>(
  drafts: Record<K, SpecDraft>,
  describe: (key: K) => string,
): Record<K, InputSpec> {
  const entries = (Object.entries(drafts) as [K, SpecDraft][]).map(([key, draft]) => [
    key,
    named(describe(key), draft),
  ]);
  return Object.fromEntries(entries) as Record<K, InputSpec>;
}

/** A field layout whose fields only inputs of these variants of a discriminated union have. */
export const inVariants = (variants: readonly string[], part: SpecPart): SpecPart => ({
  ...part,
  fields: (part.fields ?? []).map((field) => ({ ...field, variants })),
});

export const orderIdField: SpecPart = {
  fields: [{ path: 'orderId', type: 'string' }],
  strings: [{ path: 'orderId', max: 36 }],
  badValues: [{ path: 'orderId', label: 'not ord_ + 32 lowercase letters or digits', bad: malformedOrderIdArb }],
};

export const addressFields = (at: string): SpecPart => ({
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

export const linesFields = (
  at: string,
  element: fc.Arbitrary<unknown>,
  options: { strictLines: boolean },
): SpecPart => ({
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

export const moneyFields = (at: string, minAmount: number): SpecPart => ({
  fields: [
    { path: at, type: 'object' },
    { path: `${at}.amount`, type: 'integer' },
    { path: `${at}.currency`, type: 'string' },
  ],
  integers: [{ path: `${at}.amount`, min: minAmount, max: Number.MAX_SAFE_INTEGER }],
  enums: [{ path: `${at}.currency`, options: CurrencySchema.options }],
  strictObjects: [at],
});
