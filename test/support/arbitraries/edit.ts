/** Copies of a valid input with one field, found by its dotted path, changed. */
import { type Obj, isRecord } from './formats';

type Container = Obj | unknown[];

/** Where a dotted path points in `root` (a `*` picks element `seed % length`), or undefined if absent. */
export function locate(
  root: unknown,
  path: string,
  seed: number,
): { parent: Container; key: string | number } | undefined {
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

/**
 * A deep copy of a JSON-like input (plain objects, arrays, primitives) made in this realm, own keys
 * (`__proto__` too) and a null prototype kept. Not `structuredClone`: under jest it is the outer
 * realm's, and fast-check prints an object of another realm as `[object Object]` (its `toString` is
 * not this realm's `Object.prototype.toString`).
 */
export function copyInput<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyInput(item)) as T;
  if (!isRecord(value)) return value;
  const copy: Obj = Object.getPrototypeOf(value) === null ? (Object.create(null) as Obj) : {};
  for (const key of Object.keys(value)) write(copy, key, copyInput(value[key]));
  return copy as T;
}

/** The keys a dotted path reaches in `root`, each `*` the index `locate` picks (`seed % length`) when it can. */
export function concreteSegments(root: unknown, path: string, seed: number): (string | number)[] {
  const segments: (string | number)[] = [];
  let node = root;
  for (const segment of path === '' ? [] : path.split('.')) {
    if (segment === '*' && Array.isArray(node) && node.length > 0) {
      const index = seed % node.length;
      segments.push(index);
      node = node[index] as unknown;
    } else {
      segments.push(segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return segments;
}

export const read = (parent: Container, key: string | number): unknown =>
  Array.isArray(parent) ? parent[key as number] : parent[key];

/** True when the field at `outer` is the one at `path` or holds it (`items` holds `items.*.sku`). */
export const holdsPath = (outer: string, path: string): boolean => path === outer || path.startsWith(`${outer}.`);

/** The value at a dotted path in `root` (a `*` picks element `seed % length`), undefined when absent. */
export function valueAt(root: unknown, path: string, seed: number): unknown {
  const at = locate(root, path, seed);
  return at && read(at.parent, at.key);
}

/** True when the container has this own key (an array, this index). */
export const hasKey = (parent: Container, key: string | number): boolean =>
  Array.isArray(parent) ? (key as number) < parent.length : Object.prototype.hasOwnProperty.call(parent, key);

/** Sets an own property (even `__proto__`) or an array element. */
export const write = (parent: Container, key: string | number, value: unknown): void => {
  if (Array.isArray(parent)) parent[key as number] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
};

/** A copy of `root` with `change` applied at `path` (which must exist: every path of a spec does in valid inputs). */
export function edited(
  root: Obj,
  path: string,
  seed: number,
  change: (parent: Container, key: string | number) => void,
): Obj {
  const copy = copyInput(root);
  const at = locate(copy, path, seed);
  if (!at) throw new Error(`arbitraries: no ${path} in ${JSON.stringify(root)}`);
  change(at.parent, at.key);
  return copy;
}

const setAt = (root: Obj, path: string, seed: number, value: unknown) =>
  edited(root, path, seed, (parent, key) => write(parent, key, value));

/** The parent of a path exists in every valid input (the field itself may be optional and absent). */
const parentPath = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('.')));

export function setField(root: Obj, path: string, seed: number, value: unknown): Obj {
  const parent = parentPath(path);
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (parent === '') {
    const copy = copyInput(root);
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
