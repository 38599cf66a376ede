/**
 * How `npm run new:service` wires a new service into files that already exist, as text edits
 * (pure: the file's text in, the edited text out; comments and layout kept). Each edit finds its
 * place by a line it can recognise and throws a WiringError naming the file when that line is
 * missing, before anything is written.
 */
import type { ServiceNames } from './names';
import { idempotencyCase, inputSpecEntry, inputSpecImport } from './render-tests';

export class WiringError extends Error {
  override readonly name = 'WiringError';
}

/** The marker lines the generator inserts above (kept in those files; the unit tests check they are there). */
export const MARKERS = {
  taskInputImports: '// `npm run new:service` adds the imports of a new service’s Task input schemas above this line.',
  taskInputSpecs: '// `npm run new:service` adds a new service’s Task input specs above this line.',
  idempotencyCases:
    '// `npm run new:service` adds the idempotency cases of a new service’s Task functions above this line.',
} as const;

export const TASK_INPUTS_FILE = 'test/support/arbitraries/task-inputs.ts';
export const IDEMPOTENCY_FILE = 'test/integration/reliability/idempotency.test.ts';
export const ROOT_SERVERLESS_FILE = 'serverless.yml';

/** Inserts `text` (one or more lines) right above the line that is exactly `marker` (indentation aside). */
export function insertAboveMarker(source: string, marker: string, text: string, file: string): string {
  const lines = source.split('\n');
  const at = lines.findIndex((line) => line.trim() === marker);
  if (at === -1) throw new WiringError(`${file}: the line "${marker}" is missing; put it back where it was`);
  return [...lines.slice(0, at), ...text.replace(/\n$/, '').split('\n'), ...lines.slice(at)].join('\n');
}

/** Adds the Task's InputSpec (and the import of its schema) to test/support/arbitraries/task-inputs.ts. */
export function wireTaskInputs(source: string, n: ServiceNames): string {
  const withImport = insertAboveMarker(source, MARKERS.taskInputImports, inputSpecImport(n), TASK_INPUTS_FILE);
  return insertAboveMarker(withImport, MARKERS.taskInputSpecs, inputSpecEntry(n), TASK_INPUTS_FILE);
}

/** Adds the Task's run-twice case to test/integration/reliability/idempotency.test.ts. */
export function wireIdempotency(source: string, n: ServiceNames): string {
  return insertAboveMarker(source, MARKERS.idempotencyCases, `${idempotencyCase(n)}`, IDEMPOTENCY_FILE);
}

/**
 * Adds `- ${file(services/<name>/serverless.yml):<section>}` after the last such line of the
 * root serverless.yml's `functions` and `resources` lists, with the same indentation.
 */
export function wireRootServerless(source: string, n: ServiceNames): string {
  let text = source;
  for (const section of ['functions', 'resources'] as const) {
    const lines = text.split('\n');
    const pattern = new RegExp(`^(\\s*)- \\$\\{file\\(services/[^/)]+/serverless\\.yml\\):${section}\\}\\s*$`);
    const last = lines.reduce((found, line, index) => (pattern.test(line) ? index : found), -1);
    if (last === -1) {
      throw new WiringError(
        `${ROOT_SERVERLESS_FILE}: no "- \${file(services/<service>/serverless.yml):${section}}" line to add the new service after`,
      );
    }
    const indent = pattern.exec(lines[last] ?? '')?.[1] ?? '';
    lines.splice(last + 1, 0, `${indent}- \${file(services/${n.service}/serverless.yml):${section}}`);
    text = lines.join('\n');
  }
  return text;
}
