/**
 * The fields a zod 4 schema declares (`zod` or `zod/mini`: both build on `schema._zod.def`),
 * named as input specs name them: dotted paths, `*` for an array's elements.
 */
import type * as z from 'zod/mini';

/**
 * One field of a schema, `{ path, optional, nullable, variants? }`: `optional` when absent is
 * accepted (`z.optional`, a default, a catch), `nullable` when null is (`z.nullable`, a union with
 * `z.null()`, a catch); `variants`, for a discriminated union at the top, the discriminator values
 * of the variants that have the field.
 */
export interface SchemaField {
  path: string;
  optional: boolean;
  nullable: boolean;
  variants?: string[];
}

type Schema = z.core.$ZodType;

/** What holds for the value at a path so far: the wrappers seen on the way down. */
interface Flags {
  optional: boolean;
  nullable: boolean;
  variants?: readonly string[];
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Every field of `schema`, nested objects and array elements included, in the order declared. The
 * input follows a pipe's input side (its output side when the input side only transforms, as
 * `z.preprocess` does); a union has the fields of all its options; a record's keys, a tuple's items
 * and a map's entries are data, not named fields (the record, tuple or map itself is the field).
 */
export function schemaFields(schema: Schema): SchemaField[] {
  const found = new Map<string, SchemaField>();
  const record = (path: string, flags: Flags): void => {
    if (path === '') return;
    const seen = found.get(path);
    if (!seen) {
      found.set(path, {
        path,
        optional: flags.optional,
        nullable: flags.nullable,
        ...(flags.variants ? { variants: [...flags.variants] } : {}),
      });
      return;
    }
    seen.optional ||= flags.optional;
    seen.nullable ||= flags.nullable;
    if (seen.variants && flags.variants) seen.variants = [...new Set([...seen.variants, ...flags.variants])];
  };

  const visit = (node: Schema, path: string, flags: Flags, ancestors: readonly Schema[]): void => {
    if (ancestors.includes(node)) return record(path, flags); // a recursive schema: its fields are listed once
    const inside = [...ancestors, node];
    const def = (node as z.core.$ZodTypes)._zod.def;
    const fresh: Flags = { optional: false, nullable: false, ...(flags.variants ? { variants: flags.variants } : {}) };
    switch (def.type) {
      case 'optional':
        return visit(def.innerType, path, { ...flags, optional: true }, inside);
      case 'nullable':
        return visit(def.innerType, path, { ...flags, nullable: true }, inside);
      case 'default':
      case 'prefault':
        return visit(def.innerType, path, { ...flags, optional: true }, inside);
      case 'catch':
        return visit(def.innerType, path, { ...flags, optional: true, nullable: true }, inside);
      case 'nonoptional':
        return visit(def.innerType, path, { ...flags, optional: false }, inside);
      case 'readonly':
        return visit(def.innerType, path, flags, inside);
      case 'lazy':
        return visit(def.getter(), path, flags, inside);
      case 'pipe': {
        const input = (def.in as z.core.$ZodTypes)._zod.def.type === 'transform' ? def.out : def.in;
        return visit(input, path, flags, inside);
      }
      case 'null':
        return record(path, { ...flags, nullable: true });
      case 'undefined':
        return record(path, { ...flags, optional: true });
      case 'object':
        record(path, flags);
        for (const [key, child] of Object.entries(def.shape)) visit(child, join(path, key), fresh, inside);
        return;
      case 'array':
        record(path, flags);
        return visit(def.element, join(path, '*'), fresh, inside);
      case 'union': {
        const discriminator = path === '' && 'discriminator' in def ? def.discriminator : undefined;
        for (const option of def.options) {
          const variants = typeof discriminator === 'string' ? variantsOf(option, discriminator) : flags.variants;
          visit(option, path, { ...flags, ...(variants ? { variants } : {}) }, inside);
        }
        return;
      }
      case 'intersection':
        visit(def.left, path, flags, inside);
        return visit(def.right, path, flags, inside);
      default:
        return record(path, flags);
    }
  };

  visit(schema, '', { optional: false, nullable: false }, []);
  return [...found.values()];
}

/** The values of a discriminated union option's discriminator (its literal or enum), as text. */
function variantsOf(option: Schema, discriminator: string): string[] | undefined {
  const def = (option as z.core.$ZodTypes)._zod.def;
  if (def.type !== 'object') return undefined;
  const key = def.shape[discriminator];
  return key ? [...(key._zod.values ?? [])].map(String) : undefined;
}
