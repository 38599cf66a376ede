/**
 * What the offline runtime's Step Functions engine cannot run yet, found in a definition so that it
 * is refused by name instead of run differently from AWS: at package time for the project's own
 * machines (definition-check.ts), and at CreateStateMachine for any other (machines.ts).
 *
 * - `QueryLanguage: JSONata` (top level or in a state): JSONata is not evaluated offline;
 * - `Assign` (variables), in a state, a Catcher or a Choice rule;
 * - what a Distributed Map adds to an inline one (`ItemReader`, `ItemBatcher`, `ResultWriter`,
 *   `ToleratedFailurePercentage`/`Count` and their paths): run as an inline Map, they would be
 *   ignored (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html);
 * - a Task's `HeartbeatSecondsPath`: the runner times heartbeats from `HeartbeatSeconds` only.
 */
import { asArray, asObject, type JsonObject } from './definition';
import { issueAt, type DefinitionIssue } from './definition-issues';
import type { PathSegment } from './json-spans';

const OFFLINE_HINT = 'the offline runtime cannot run it yet (refused rather than run differently from AWS)';

/** The Distributed Map fields an inline run would ignore. */
const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
];

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
  const jsonata = (holder: JsonObject, path: PathSegment[]): void => {
    if (holder.QueryLanguage !== 'JSONata') return;
    const message = `JSONata: ${OFFLINE_HINT}; use JSONPath`;
    issues.push(issueAt([...path, 'QueryLanguage'], message, source, { onField: true, value: 'JSONata' }));
  };
  const assign = (holder: JsonObject, path: PathSegment[]): void => {
    if (!('Assign' in holder)) return;
    const message = `variables (Assign): ${OFFLINE_HINT}; carry the data in the state's input/output`;
    issues.push(issueAt([...path, 'Assign'], message, source, { onField: true }));
  };
  const distributed = (state: JsonObject, path: PathSegment[]): void => {
    if (state.Type !== 'Map') return;
    for (const field of DISTRIBUTED_ONLY.filter((name) => name in state)) {
      const message = `Distributed Map: the offline runtime runs a Map inline and cannot honour ${field} yet (refused rather than run differently from AWS)`;
      issues.push(issueAt([...path, field], message, source, { onField: true }));
    }
  };
  const heartbeatPath = (state: JsonObject, path: PathSegment[]): void => {
    if (state.Type !== 'Task' || !('HeartbeatSecondsPath' in state)) return;
    const message = `${OFFLINE_HINT}; give HeartbeatSeconds`;
    issues.push(issueAt([...path, 'HeartbeatSecondsPath'], message, source, { onField: true }));
  };
  jsonata(definition, []);
  walkStates(definition, (state, path) => {
    jsonata(state, path);
    assign(state, path);
    distributed(state, path);
    heartbeatPath(state, path);
    asArray(state.Catch).forEach((catcher, i) => assign(asObject(catcher), [...path, 'Catch', i]));
    asArray(state.Choices).forEach((rule, i) => assign(asObject(rule), [...path, 'Choices', i]));
  });
  return issues;
}
