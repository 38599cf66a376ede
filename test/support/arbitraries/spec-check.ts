/**
 * Whether an input spec describes every field of its schema: a field the spec does not list would
 * never be broken, so a fork that adds a field to a schema must describe it (with its limits).
 */
import { type SchemaField, schemaFields } from './schema-fields';
import type { Field, InputSpec } from './spec';

/** An array element is no required field (`optional` is how a spec says so): only named fields are compared. */
const isElement = (path: string): boolean => path.endsWith('*');

/** What one schema field and its spec entry disagree on ([] when nothing). */
function disagreements(declared: SchemaField, listed: Field, allVariants: readonly string[] | undefined): string[] {
  const found: string[] = [];
  const { path } = declared;
  if (listed.optional && !declared.optional && !isElement(path)) {
    found.push(`${path} is listed as optional, but the schema requires it (it would never be left out)`);
  }
  if (listed.nullable && !declared.nullable) {
    found.push(`${path} is listed as nullable, but the schema refuses null (null would never be tried)`);
  }
  const inVariants = listed.variants ?? allVariants;
  const missed = (declared.variants ?? []).filter((variant) => inVariants && !inVariants.includes(variant));
  if (missed.length > 0) {
    found.push(`${path} is in the ${missed.join(', ')} variant(s) too: add them to its variants`);
  }
  return found;
}

/**
 * What `input` fails to describe of its schema: each field the schema declares (nested objects
 * and array elements included) that its `fields` do not name, and each field it lists as
 * optional, nullable or in fewer variants than the schema has it. [] when the spec is complete.
 */
export function specProblems(input: InputSpec): string[] {
  const listed = new Map(input.fields.map((field) => [field.path, field]));
  const declared = schemaFields(input.schema);
  const allVariants = declared.find((field) => field.variants)?.variants;
  const problems = declared.flatMap((field) => {
    const entry = listed.get(field.path);
    return entry ? disagreements(field, entry, allVariants) : [`${field.path} is not in its fields`];
  });
  if (input.fields.some((field) => field.variants) && input.discriminator === undefined) {
    problems.push('fields are listed with variants, but the spec names no discriminator');
  }
  return problems;
}

/**
 * Throws when `input` does not describe every field of its schema, naming the entry point and
 * each field: `createShipment (Task input): its input spec does not describe the schema's fields:
 * items.*.unitPrice is not in its fields…`.
 */
export function assertSpecDescribesSchema(input: InputSpec): void {
  const problems = specProblems(input);
  if (problems.length === 0) return;
  throw new Error(
    `${input.entryPoint}: its input spec does not describe the schema's fields:\n` +
      problems.map((problem) => `  - ${problem}\n`).join('') +
      'Describe each field in the spec (test/support/arbitraries/), with its limits, so the bad-input tests break it.',
  );
}
