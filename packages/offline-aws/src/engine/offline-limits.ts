/**
 * What the offline runtime's Step Functions engine cannot run yet, found in a definition so that it
 * is refused by name instead of run differently from AWS: at package time for the project's own
 * machines (definition-check.ts), and at CreateStateMachine for any other (machines.ts).
 *
 * - a Distributed Map's `ItemReader`, `ItemBatcher` and `ResultWriter`
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html): its child
 *   workflows and tolerated failures run offline, its reading from and writing to S3 not yet.
 */
import { asArray, asObject, type JsonObject } from './definition';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './errors';
import { issueAt, type DefinitionIssue } from './definition-issues';
import type { PathSegment } from './json-spans';

/** The Distributed Map fields an inline run would ignore. */
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter'];

/** Calls `visit` on every state, Parallel branches and Map processors included, with its path. */
export function walkStates(definition: JsonObject, visit: (state: JsonObject, path: PathSegment[]) => void): void {
  const walk = (states: JsonObject, path: PathSegment[]): void => {
    for (const [name, raw] of Object.entries(states)) {
      const state = asObject(raw);
      const at = [...path, name];
      visit(state, at);
      asArray(state.Branches).forEach((branch, i) =>
        walk(asObject(asObject(branch).States), [...at, 'Branches', i, 'States']),
      );
      for (const key of ['ItemProcessor', 'Iterator']) {
        const processor = asObject(state[key]);
        if (processor.States !== undefined) walk(asObject(processor.States), [...at, key, 'States']);
      }
    }
  };
  walk(asObject(definition.States), ['States']);
}

/**
 * Parallel states nested deeper than this are refused: asl-validator's schema check takes about
 * twice as long for each level beyond a dozen (1 s at 16, 38 s at 22), blocking the process.
 */
export const MAX_PARALLEL_NESTING = 15;

/**
 * What would stop the process while the definition is checked, found before any checker runs:
 * JSON nested deeper than MAX_JSON_DEPTH (the checkers recurse per level) and Parallel states
 * nested deeper than MAX_PARALLEL_NESTING. AWS documents neither limit (docs/fidelity.md).
 */
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

/** Every use of what the engine cannot run yet, each an issue naming its place. */
export function offlineIssues(definition: JsonObject): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [...checkerHazards(definition)];
  const source = 'offline runtime';
  const distributed = (state: JsonObject, path: PathSegment[]): void => {
    if (state.Type !== 'Map') return;
    for (const field of DISTRIBUTED_ONLY.filter((name) => name in state)) {
      const message = `Distributed Map: the offline runtime cannot run ${field} yet (refused rather than run differently from AWS)`;
      issues.push(issueAt([...path, field], message, source, { onField: true }));
    }
  };
  walkStates(definition, (state, path) => distributed(state, path));
  return issues;
}
