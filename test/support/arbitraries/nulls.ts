/** Null in the nullable fields of valid inputs (`z.nullable`: null is a valid value there). */
import fc from 'fast-check';
import { type Obj, isRecord } from './formats';
import { holdsPath, setField, valueAt } from './edit';
import type { Field } from './spec';

/** True when the object (or, for a `*` path, the non-empty array) that holds the field is in `root`. */
function hasPlaceFor(root: Obj, path: string, seed: number): boolean {
  const dot = path.lastIndexOf('.');
  if (dot === -1) return true;
  const holder = valueAt(root, path.slice(0, dot), seed);
  return path.endsWith('.*') ? Array.isArray(holder) && holder.length > 0 : isRecord(holder);
}

/**
 * Valid inputs with null, now and then, in some of the nullable fields (present or not: an
 * optional-nullable field may be added as null). `keep` is a path that must stay as it is, with
 * the fields that hold it (a mutation's target: '' keeps nothing), as null there would remove it.
 */
export function withNulls(valid: fc.Arbitrary<Obj>, fields: readonly Field[], keep = ''): fc.Arbitrary<Obj> {
  const nullable = fields.filter((field) => field.nullable && !(keep !== '' && holdsPath(field.path, keep)));
  if (nullable.length === 0) return valid;
  return fc
    .tuple(valid, fc.subarray(nullable), fc.nat())
    .map(([input, chosen, seed]) =>
      chosen.reduce(
        (out, field) => (hasPlaceFor(out, field.path, seed) ? setField(out, field.path, seed, null) : out),
        input,
      ),
    );
}
