/**
 * JSON text with a map from character offsets back to paths in the value, so that a diagnostic
 * reported on the text (a range, as language services report it) can name the field it is about:
 * `States.ReserveAndAuthorize.Branches[0].States.ReserveInventory.Retry[0]` and `JitterStrategy`.
 */
import type { Json } from '../serverless/config';

export type PathSegment = string | number;

/** One key or value in the text: `[start, end)` offsets, its path, and whether it is a key. */
export interface JsonSpan {
  start: number;
  end: number;
  path: PathSegment[];
  isKey: boolean;
  /** The value at `path` (for a key span too). */
  value: Json;
}

export interface JsonWithSpans {
  /** The value as JSON, indented by two spaces (the layout of `JSON.stringify(value, null, 2)`). */
  text: string;
  spans: JsonSpan[];
}

/** Serializes `value` and records where each key and each value sits in the text. */
export function stringifyWithSpans(value: Json): JsonWithSpans {
  const spans: JsonSpan[] = [];
  let text = '';
  const write = (item: Json, path: PathSegment[], indent: string): void => {
    const start = text.length;
    const inner = `${indent}  `;
    if (Array.isArray(item) && item.length > 0) {
      text += '[\n';
      item.forEach((element, index) => {
        text += inner;
        write(element, [...path, index], inner);
        text += index < item.length - 1 ? ',\n' : '\n';
      });
      text += `${indent}]`;
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
      const entries = Object.entries(item);
      text += '{\n';
      entries.forEach(([key, element], index) => {
        text += inner;
        const keyStart = text.length;
        text += JSON.stringify(key);
        spans.push({ start: keyStart, end: text.length, path: [...path, key], isKey: true, value: element });
        text += ': ';
        write(element, [...path, key], inner);
        text += index < entries.length - 1 ? ',\n' : '\n';
      });
      text += `${indent}}`;
    } else {
      text += JSON.stringify(item);
    }
    spans.push({ start, end: text.length, path, isKey: false, value: item });
  };
  write(value, [], '');
  return { text, spans };
}

/** The innermost key or value whose text contains `offset`, or undefined outside the text. */
export function spanAt(spans: JsonSpan[], offset: number): JsonSpan | undefined {
  let best: JsonSpan | undefined;
  for (const span of spans) {
    if (span.start <= offset && offset < span.end && (!best || span.end - span.start < best.end - best.start)) {
      best = span;
    }
  }
  return best;
}

/** `['States', 'A', 'Retry', 0]` → `States.A.Retry[0]`; keys that are not identifiers are quoted. */
export function formatPath(path: PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
