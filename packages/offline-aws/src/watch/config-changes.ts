/**
 * What changed in serverless.yml beyond the state machine definitions: the parts a running stack
 * cannot take on without a restart (its tables, topics and queues exist, its functions' variables
 * and settings are in their environments, its HTTP routes are served).
 */
import type { ServerlessConfig } from '../serverless/config';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `functions added (a), removed (b), changed (c)`, when any. */
function functionChanges(before: ServerlessConfig, after: ServerlessConfig): string | undefined {
  const names = (config: ServerlessConfig) => Object.keys(config.functions);
  const added = names(after).filter((name) => !(name in before.functions));
  const removed = names(before).filter((name) => !(name in after.functions));
  const changed = names(after).filter(
    (name) => name in before.functions && !same(before.functions[name], after.functions[name]),
  );
  const parts = [
    added.length > 0 ? `added (${added.join(', ')})` : '',
    removed.length > 0 ? `removed (${removed.join(', ')})` : '',
    changed.length > 0 ? `changed (${changed.join(', ')})` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? `functions ${parts.join(', ')}` : undefined;
}

/** Resources (tables, topics, queues, …) added, removed or changed, by logical id. */
function resourceChanges(before: ServerlessConfig, after: ServerlessConfig): string | undefined {
  const ids = new Set([...Object.keys(before.resources), ...Object.keys(after.resources)]);
  const changed = [...ids].filter((id) => !same(before.resources[id], after.resources[id]));
  return changed.length > 0 ? `resources changed (${changed.join(', ')})` : undefined;
}

/**
 * What differs between two readings of serverless.yml apart from `stepFunctions` (whose project
 * machine definition reloads), one phrase per kind; empty when nothing else changed.
 */
export function restartChanges(before: ServerlessConfig, after: ServerlessConfig): string[] {
  const settings = (['service', 'region', 'provider', 'custom', 'extensions'] as const).filter(
    (key) => !same(before[key], after[key]),
  );
  return [
    functionChanges(before, after),
    resourceChanges(before, after),
    settings.length > 0 ? `settings changed (${settings.join(', ')})` : undefined,
  ].filter((change): change is string => change !== undefined);
}
