/**
 * The first difference between a recorded value and the local one. A recorded string token
 * `<Name>` or `<Name:N>` (a snapshot placeholder) stands for any text; JSON text and the value it
 * encodes are the same value.
 */

/** A value of a recorded or local answer: JSON, with `undefined` for "absent". */
export type Value = unknown;

const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9_-]*(?::\d+)?>/;
const WHOLE_PLACEHOLDER = new RegExp('^' + PLACEHOLDER.source + '$');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const text = (value: Value) => (value === undefined ? 'undefined' : JSON.stringify(value));

/** `value` as JSON text cut to `max` characters (strings quoted), for messages. */
export function short(value: Value, max = 160): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : text(value);
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function parsed(value: Value): { ok: true; value: Value } | { ok: false } {
  if (typeof value !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(value) as Value };
  } catch {
    return { ok: false };
  }
}

/** Whether `local` is `recorded` with each placeholder standing for any text. */
function matchesPlaceholders(recorded: string, local: string): boolean {
  const parts = recorded.split(new RegExp(`(${PLACEHOLDER.source})`));
  const pattern = parts.map((p) => (WHOLE_PLACEHOLDER.test(p) ? '[\\s\\S]*?' : escapeRegExp(p))).join('');
  return new RegExp('^' + pattern + '$').test(local);
}

const isObject = (value: Value): value is Record<string, Value> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * @param recorded what AWS answered (with placeholders)
 * @param local what the offline engine answered, in the snapshot's form (snapshot-view.ts)
 * @param path where in the answer, for the message
 * @returns undefined when they are the same, else `<path>: expected … got …` for the first difference
 */
export function diff(recorded: Value, local: Value, path = ''): string | undefined {
  const where = path || 'value';
  const differs = `${where}: expected ${short(recorded)} got ${short(local)}`;
  if (typeof recorded === 'string' && PLACEHOLDER.test(recorded)) {
    if (WHOLE_PLACEHOLDER.test(recorded)) return undefined;
    return matchesPlaceholders(recorded, typeof local === 'string' ? local : JSON.stringify(local))
      ? undefined
      : differs;
  }
  if (typeof recorded === 'string' && typeof local === 'string') {
    if (recorded === local) return undefined;
    const a = parsed(recorded);
    const b = parsed(local);
    if (a.ok && b.ok && (typeof a.value === 'object' || typeof b.value === 'object'))
      return diff(a.value, b.value, path);
    if (a.ok && b.ok && a.value === b.value) return undefined;
    return differs;
  }
  if (typeof local === 'string' && typeof recorded !== 'string' && recorded !== null && recorded !== undefined) {
    const b = parsed(local);
    if (b.ok) return diff(recorded, b.value, path);
  }
  if (typeof recorded === 'string' && typeof local !== 'string' && local !== undefined) {
    const a = parsed(recorded);
    if (a.ok && typeof a.value === 'object') return diff(a.value, local, path);
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(local) || recorded.length !== local.length) return differs;
    for (let i = 0; i < recorded.length; i += 1) {
      const d = diff(recorded[i], local[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(recorded)) {
    if (!isObject(local)) return differs;
    const missing = Object.keys(recorded).filter((k) => !(k in local));
    const extra = Object.keys(local).filter((k) => !(k in recorded));
    if (missing.length || extra.length) {
      const what = [
        missing.length ? `missing ${missing.join(',')}` : '',
        extra.length ? `unexpected ${extra.join(',')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `${where}: ${what} (expected ${short(recorded, 120)} got ${short(local, 120)})`;
    }
    for (const key of Object.keys(recorded)) {
      const d = diff(recorded[key], local[key], path ? `${path}.${key}` : key);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof recorded === 'number' && typeof local === 'number') {
    return recorded === local ? undefined : `${where}: expected ${recorded} got ${local}`;
  }
  return recorded === local ? undefined : differs;
}
