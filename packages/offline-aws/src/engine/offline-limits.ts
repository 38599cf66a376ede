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

/** Every use of what the engine cannot run yet, each an issue naming its place. */
export function offlineIssues(definition: JsonObject): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
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
