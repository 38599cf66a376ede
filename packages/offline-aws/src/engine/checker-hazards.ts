/**
 * What would stop the process while a definition is checked (CreateStateMachine, the package-time
 * check), found before any checker runs, so that it is refused by name instead:
 * - JSON nested deeper than MAX_JSON_DEPTH: the checkers recurse once per level;
 * - Parallel states nested deeper than MAX_PARALLEL_NESTING: asl-validator's schema check takes
 *   about twice as long for each level beyond a dozen (1 s at 16, 38 s at 22), blocking the process.
 * AWS documents neither limit (docs/fidelity.md).
 */
import { asArray, asObject, type JsonObject } from './definition';
import { issueAt, type DefinitionIssue } from './definition-issues';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './errors';
import type { PathSegment } from './json-spans';

export const MAX_PARALLEL_NESTING = 15;

/** The first hazard of a definition (an empty list when it has none). */
export function checkerHazards(definition: JsonObject): DefinitionIssue[] {
  const source = 'offline runtime';
  if (nestedDeeperThan(definition)) {
    const message = `the definition is nested deeper than ${MAX_JSON_DEPTH} levels (the offline runtime's limit)`;
    return [issueAt([], message, source, { onField: false })];
  }
  const issues: DefinitionIssue[] = [];
  const nesting = (states: JsonObject, path: PathSegment[], depth: number): void => {
    for (const [name, raw] of Object.entries(states)) {
      const state = asObject(raw);
      if (state.Type !== 'Parallel') continue;
      const at = [...path, name];
      if (depth + 1 > MAX_PARALLEL_NESTING) {
        const message = `Parallel states nested more than ${MAX_PARALLEL_NESTING} deep (the offline runtime's limit: its definition check would take minutes)`;
        issues.push(issueAt(at, message, source, { onField: false }));
        return;
      }
      asArray(state.Branches).forEach((branch, i) =>
        nesting(asObject(asObject(branch).States), [...at, 'Branches', i, 'States'], depth + 1),
      );
    }
  };
  nesting(asObject(definition.States), ['States'], 0);
  return issues.slice(0, 1);
}
