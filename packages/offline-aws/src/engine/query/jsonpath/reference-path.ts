/**
 * Reference Paths (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html,
 * "Reference Paths"): a path that names one node, with `.name`, `['name']` and `[index]` steps only.
 * A path with `*`, `..`, a filter, a slice or a union is indefinite: it is not parsed here and the
 * caller evaluates it as full JSONPath (paths.ts).
 *
 * AWS's messages quote a definite path in its normalized form (`$['a']['b'][0]`, recorded on AWS:
 * "No results for path: $['NoSuchInputPath']"); `normalizedPath` gives it.
 */
import type { Json, JsonObject } from '../types';

/** One step of a definite path: an object member or an array index (negative counts from the end). */
export type PathStep = { kind: 'name'; name: string } | { kind: 'index'; index: number };

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The steps of `rest`, the part of a path after its root (`$`, `$$` or `$name`), or `undefined`
 * when the path is indefinite. Quoted names are taken literally, backslashes included (recorded on
 * AWS: `$['Test\""Name"']` reads the key `Test\""Name"`).
 * @throws SyntaxError when `rest` is not a path at all (an unclosed bracket, an empty name).
 */
export function parseSteps(rest: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let at = 0;
  while (at < rest.length) {
    const char = rest[at];
    if (char === '.') {
      if (rest[at + 1] === '.') return undefined;
      const end = nextDelimiter(rest, at + 1);
      const name = rest.slice(at + 1, end);
      if (name === '') throw new SyntaxError(`empty member name at ${at}`);
      if (name === '*' || name.endsWith(')')) return undefined;
      steps.push({ kind: 'name', name });
      at = end;
    } else if (char === '[') {
      const quote = rest[at + 1];
      if (quote === "'" || quote === '"') {
        const close = rest.indexOf(`${quote}]`, at + 2);
        if (close < 0) throw new SyntaxError(`unclosed quoted name at ${at}`);
        steps.push({ kind: 'name', name: rest.slice(at + 2, close) });
        at = close + 2;
      } else {
        const close = rest.indexOf(']', at + 1);
        if (close < 0) throw new SyntaxError(`unclosed bracket at ${at}`);
        const inside = rest.slice(at + 1, close).trim();
        if (!/^-?\d+$/.test(inside)) return undefined;
        steps.push({ kind: 'index', index: Number(inside) });
        at = close + 1;
      }
    } else {
      throw new SyntaxError(`unexpected '${char}' at ${at}`);
    }
  }
  return steps;
}

const nextDelimiter = (text: string, from: number): number => {
  for (let at = from; at < text.length; at++) if (text[at] === '.' || text[at] === '[') return at;
  return text.length;
};

/** `$['a']['b'][0]`: how AWS's messages quote a definite path. */
export const normalizedPath = (steps: readonly PathStep[]): string =>
  '$' + steps.map((step) => (step.kind === 'name' ? `['${step.name}']` : `[${step.index}]`)).join('');

/** The result of walking a definite path: the value, or the wording of why nothing is there. */
export type Walk = { found: true; value: Json } | { found: false; detail: string };

/**
 * Follows `steps` from `root`. A missing member before the last step is reported as AWS reports it
 * for a definite path ("Missing property in path $['a']"); anything else that matches nothing as
 * "No results for path: $['a']['b']" (recorded on AWS for a missing top-level field).
 */
export function walk(root: Json, steps: readonly PathStep[]): Walk {
  let current: Json = root;
  for (const [position, step] of steps.entries()) {
    const next = child(current, step);
    if (next === undefined) {
      const last = position === steps.length - 1;
      if (!last && step.kind === 'name' && isObject(current))
        return { found: false, detail: `Missing property in path ${normalizedPath(steps.slice(0, position + 1))}` };
      return { found: false, detail: `No results for path: ${normalizedPath(steps)}` };
    }
    current = next;
  }
  return { found: true, value: current };
}

/** A member of an object or an item of an array; `undefined` when there is none. */
export function child(value: Json, step: PathStep): Json | undefined {
  if (step.kind === 'name') return isObject(value) && Object.hasOwn(value, step.name) ? value[step.name] : undefined;
  if (!Array.isArray(value)) return undefined;
  const index = step.index < 0 ? value.length + step.index : step.index;
  return index >= 0 && index < value.length ? value[index] : undefined;
}
