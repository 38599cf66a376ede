/**
 * What a Map state adds to an execution's history (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 * MapStateStarted with the number of items, MapIterationStarted / Succeeded / Failed with the
 * Map's name and the iteration's index, then MapStateSucceeded or MapStateFailed before MapStateExited.
 */
import type { JsonObject } from './definition';

/**
 * Reads a Reference Path (`$`, `$.a.b`, `$['a']`, `$.a[0]`: the only forms ItemsPath and a plain
 * InputPath take, per the Amazon States Language's "Reference Paths").
 * @returns the value, or `undefined` when the path is of another form or leads nowhere.
 */
export function readReferencePath(value: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = path.slice(1).match(/\.[^.[\]]+|\['[^']*'\]|\[\d+\]|./g) ?? [];
  let current = value;
  for (const step of steps) {
    const key = step.startsWith('.')
      ? step.slice(1)
      : step.startsWith("['")
        ? step.slice(2, -2)
        : /^\[\d+\]$/.test(step)
          ? Number(step.slice(1, -1))
          : undefined;
    if (key === undefined || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * The number of items a Map state iterates over, from its raw input: InputPath, then ItemsPath
 * (or the `Items` array given inline). `undefined` when it cannot be read this way.
 */
export function mapLength(state: JsonObject | undefined, rawInput: unknown): number | undefined {
  if (!state) return undefined;
  if (Array.isArray(state.Items)) return state.Items.length;
  const inputPath = typeof state.InputPath === 'string' ? state.InputPath : '$';
  const effective = state.InputPath === null ? {} : readReferencePath(rawInput, inputPath);
  const items = readReferencePath(effective, typeof state.ItemsPath === 'string' ? state.ItemsPath : '$');
  return Array.isArray(items) ? items.length : undefined;
}
