/**
 * What the offline runtime's Step Functions engine cannot run yet, found in a definition so that it
 * is refused by name instead of run differently from AWS: at package time for the project's own
 * machines (definition-check.ts), and at CreateStateMachine for any other (machines.ts).
 *
 * `GAPS` is the one list: each entry finds its uses in one state. Today (a Distributed Map's
 * reading and writing, https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html,
 * runs offline: engine/distributed/) what is left is what was never recorded on AWS:
 * - ItemReader, ItemBatcher or ResultWriter on a Map that is not DISTRIBUTED;
 * - an ItemReader together with JSONata's Items (JSONPath's ItemsPath is ignored then, recorded on AWS);
 * - an ItemReader other than s3:getObject / s3:listObjectsV2, a listObjectsV2 reader that reads the
 *   objects' contents (ReaderConfig InputType), an InputType other than JSON, JSONL, CSV, MANIFEST;
 * - a ResultWriter Resource other than s3:putObject.
 */
import { asArray, asObject, type JsonObject } from './definition';
import { issueAt, type DefinitionIssue } from './definition-issues';
import type { PathSegment } from './json-spans';

/** One thing the engine cannot run: @returns, for a state, the fields using it and why. */
export type OfflineGap = (state: JsonObject) => { field: string; message: string }[];

const READERS = ['arn:aws:states:::s3:getObject', 'arn:aws:states:::s3:listObjectsV2'];
const INPUT_TYPES = ['JSON', 'JSONL', 'CSV', 'MANIFEST'];
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter'];
const refused = (what: string) =>
  `Distributed Map: the offline runtime cannot run ${what} yet (refused rather than run differently from AWS)`;

const isDistributed = (state: JsonObject): boolean =>
  asObject(asObject(state.ItemProcessor ?? state.Iterator).ProcessorConfig).Mode === 'DISTRIBUTED';

export const GAPS: readonly OfflineGap[] = [
  (state) =>
    state.Type !== 'Map' || isDistributed(state)
      ? []
      : DISTRIBUTED_ONLY.filter((field) => field in state).map((field) => ({
          field,
          message: refused(`${field} on a Map that is not DISTRIBUTED`),
        })),
  (state) => {
    if (state.Type !== 'Map' || state.ItemReader === undefined) return [];
    const reader = asObject(state.ItemReader);
    const inputType = asObject(reader.ReaderConfig).InputType;
    const issues = ['Items']
      .filter((field) => field in state)
      .map((field) => ({ field, message: refused(`${field} together with an ItemReader`) }));
    if (!READERS.includes(String(reader.Resource))) {
      issues.push({ field: 'ItemReader', message: refused(`an ItemReader of Resource ${String(reader.Resource)}`) });
    } else if (reader.Resource === READERS[1] && inputType !== undefined) {
      issues.push({
        field: 'ItemReader',
        message: refused('a listObjectsV2 ItemReader reading the objects (InputType)'),
      });
    } else if (inputType !== undefined && !INPUT_TYPES.includes(String(inputType))) {
      issues.push({ field: 'ItemReader', message: refused(`an ItemReader of InputType ${String(inputType)}`) });
    }
    return issues;
  },
  (state) => {
    const resource = asObject(state.ResultWriter).Resource;
    if (state.Type !== 'Map' || resource === undefined || resource === 'arn:aws:states:::s3:putObject') return [];
    return [{ field: 'ResultWriter', message: refused(`a ResultWriter of Resource ${String(resource)}`) }];
  },
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

/** Every use of what the engine cannot run yet (of `gaps`, GAPS by default), each an issue naming its place. */
export function offlineIssues(definition: JsonObject, gaps: readonly OfflineGap[] = GAPS): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  walkStates(definition, (state, path) => {
    for (const gap of gaps) {
      for (const { field, message } of gap(state)) {
        issues.push(issueAt([...path, field], message, 'offline runtime', { onField: true }));
      }
    }
  });
  return issues;
}
