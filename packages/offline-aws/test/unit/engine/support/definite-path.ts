/**
 * A reader of definite JSONPaths for the engine's unit tests: `$.a.b`, `$['a'][0]`, `$$.Execution.Input`
 * (the context object) and `$name.field` (a variable). Enough to feed the pure modules that take a
 * `PathReader`; the engine's own JSONPath module is tested on its own.
 */
import type { PathReader } from '../../../../src/engine/query/choice';
import type { Json, JsonObject } from '../../../../src/engine/query/types';

const SEGMENT = /^(?:\.([^.[]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])/;

/** A `PathReader` over `input`, with `$$` reading `context` and `$name` reading `variables`. */
export function definitePathReader(input: Json, context: JsonObject = {}, variables: JsonObject = {}): PathReader {
  return (path) => {
    const root = /^(\$\$|\$(?![A-Za-z_])|\$([A-Za-z_][A-Za-z0-9_]*))/.exec(path);
    if (!root) throw new Error(`not a definite path: ${path}`);
    let value: Json | undefined = root[1] === '$$' ? context : root[2] === undefined ? input : variables[root[2]];
    let rest = path.slice(root[0].length);
    while (rest && value !== undefined) {
      const segment = SEGMENT.exec(rest);
      if (!segment) throw new Error(`not a definite path: ${path}`);
      rest = rest.slice(segment[0].length);
      const key = segment[1] ?? segment[2]?.replace(/\\(.)/g, '$1');
      if (key !== undefined) {
        value = typeof value === 'object' && value !== null && !Array.isArray(value) ? value[key] : undefined;
      } else {
        value = Array.isArray(value) ? value[Number(segment[3])] : undefined;
      }
    }
    return value === undefined ? { found: false } : { found: true, value };
  };
}
