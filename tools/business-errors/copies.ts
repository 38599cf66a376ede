/**
 * Every copy of the declared business errors (tools/business-errors/declared.ts), checked against
 * the declarations (`errors` in services/<name>/service.ts, the one source). The code copy is
 * generated; the YAML and markdown ones are checked, not written, since people edit those files:
 * - services/shared/business-errors.ts: what `npx tsx tools/cli/business-errors.ts` generates;
 * - ops/serverless.yml: the UnexpectedExecutionFailuresMetricFilter pattern leaves out exactly the
 *   order outcomes (or every such order pages);
 * - services/<name>/serverless.yml: each function's `alarms.errorRate` lists exactly the errors it
 *   throws that do not page (tools/template/alarms-plugin.cjs then watches its error rate);
 * - docs/operations.md: one row per error in its "Business errors" table;
 * - docs/workflow.md: each error named (in backquotes) in its "Error names" list.
 * Pure: the files' texts come in; each problem names the file to edit and what to write there.
 */
import { parse } from 'yaml';
import { GENERATE_COMMAND, GENERATED_MODULE, isOrderOutcome, renderModule, type DeclaredError } from './declared';

export const OPS_FILE = 'ops/serverless.yml';
export const OPERATIONS_DOC = 'docs/operations.md';
export const WORKFLOW_DOC = 'docs/workflow.md';
export const DOCS_HEADING = '### Business errors';
const METRIC_FILTER = 'UnexpectedExecutionFailuresMetricFilter';

/** The texts of the files that hold copies. */
export interface CopyFiles {
  /** services/shared/business-errors.ts */
  generatedModule: string;
  /** ops/serverless.yml */
  ops: string;
  /** docs/operations.md */
  operationsDoc: string;
  /** docs/workflow.md */
  workflowDoc: string;
  /** services/<name>/serverless.yml, by service name. */
  serviceConfigs: Readonly<Record<string, string>>;
}

type Yaml = { [key: string]: Yaml } | Yaml[] | string | number | boolean | null | undefined;

/** YAML as the framework reads it: merge keys on; CloudFormation tags (`!Ref`) read as plain values. */
const readYaml = (text: string): Yaml => parse(text, { merge: true, logLevel: 'silent' }) as Yaml;
const at = (value: Yaml, ...path: string[]): Yaml =>
  path.reduce<Yaml>(
    (node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined),
    value,
  );

/** The metric filter pattern that counts failed executions except those ending with `outcomes`. */
export const filterPattern = (outcomes: readonly string[]): string =>
  `{ ($.type = "ExecutionFailed")${outcomes.map((name) => ` && ($.details.error != "${name}")`).join('')} }`;

function metricFilterProblems(errors: readonly DeclaredError[], ops: string): string[] {
  const outcomes = errors.filter(isOrderOutcome).map((error) => error.name);
  const pattern = at(readYaml(ops), 'resources', 'Resources', METRIC_FILTER, 'Properties', 'FilterPattern');
  const excluded = [...String(pattern).matchAll(/\$\.details\.error != "([^"]+)"/g)].map((match) => match[1]);
  const missing = outcomes.filter((name) => !excluded.includes(name));
  const extra = excluded.filter((name) => name !== undefined && !outcomes.includes(name));
  if (missing.length === 0 && extra.length === 0) return [];
  return [
    `${OPS_FILE}: ${METRIC_FILTER} must leave out exactly the order outcomes` +
      `${missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}${extra.length > 0 ? ` (not outcomes: ${extra.join(', ')})` : ''}` +
      `; write FilterPattern: '${filterPattern(outcomes)}'`,
  ];
}

/** The errors `fn` of `service` throws that do not page: its `alarms.errorRate`, sorted. */
const errorRateOf = (errors: readonly DeclaredError[], service: string, fn: string): string[] =>
  errors
    .filter((error) => error.service === service && !error.alarms && error.thrownBy.includes(fn))
    .map((error) => error.name)
    .sort();

function functionAlarmProblems(errors: readonly DeclaredError[], configs: CopyFiles['serviceConfigs']): string[] {
  const problems: string[] = [];
  const services = new Set([...Object.keys(configs), ...errors.map((error) => error.service)]);
  for (const service of [...services].sort()) {
    const file = `services/${service}/serverless.yml`;
    const functions = at(readYaml(configs[service] ?? ''), 'functions');
    const named = functions && typeof functions === 'object' && !Array.isArray(functions) ? functions : {};
    for (const error of errors.filter((e) => e.service === service)) {
      for (const fn of error.thrownBy.filter((name) => !(name in named))) {
        problems.push(
          `services/${service}/service.ts: ${error.name} is thrown by ${fn}, which ${file} does not declare`,
        );
      }
    }
    for (const [fn, config] of Object.entries(named)) {
      const expected = errorRateOf(errors, service, fn);
      const listed = at(config, 'alarms', 'errorRate');
      const actual = (Array.isArray(listed) ? listed.map(String) : []).sort();
      if (JSON.stringify(actual) === JSON.stringify(expected)) continue;
      problems.push(
        expected.length === 0
          ? `${file}: ${fn} throws no business error that does not page: remove its \`alarms: { errorRate: [...] }\``
          : `${file}: ${fn} needs \`alarms: { errorRate: [${expected.join(', ')}] }\` (the errors it throws that do not page)`,
      );
    }
  }
  return problems;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** The cells of an error's row in docs/operations.md: error, service, thrown by, customer's words, pages. */
export const docsCells = (error: DeclaredError): string[] => [
  `\`${error.name}\``,
  error.service,
  error.thrownBy.length === 0 ? '—' : error.thrownBy.map((fn) => `\`${fn}\``).join(', '),
  error.customerWording === undefined ? '—' : cell(error.customerWording),
  error.alarms ? 'yes' : 'no',
];
export const docsRow = (error: DeclaredError): string => `| ${docsCells(error).join(' | ')} |`;

/** The rows of the "Business errors" table, by error name (their cells trimmed). */
function documentedRows(doc: string): Map<string, string[]> | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.trim() === DOCS_HEADING);
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 1, end === -1 ? undefined : end)) {
    if (!line.trim().startsWith('|')) continue;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((text) => text.trim());
    const name = /^`([A-Z]\w*)`$/.exec(cells[0] ?? '')?.[1];
    if (name !== undefined) rows.set(name, cells);
  }
  return rows;
}

function docsProblems(errors: readonly DeclaredError[], doc: string): string[] {
  const rows = documentedRows(doc);
  if (rows === undefined) return [`${OPERATIONS_DOC}: the section "${DOCS_HEADING}" is missing`];
  const problems: string[] = [];
  for (const error of errors) {
    const row = rows.get(error.name);
    if (row === undefined) problems.push(`${OPERATIONS_DOC}: no row for ${error.name}; add: ${docsRow(error)}`);
    else if (JSON.stringify(row) !== JSON.stringify(docsCells(error))) {
      problems.push(
        `${OPERATIONS_DOC}: the row of ${error.name} differs from its declaration; write: ${docsRow(error)}`,
      );
    }
  }
  for (const name of rows.keys()) {
    if (!errors.some((error) => error.name === name)) {
      problems.push(`${OPERATIONS_DOC}: ${name} has a row but no service declares it; remove the row`);
    }
  }
  return problems;
}

/** The errors docs/workflow.md does not name, each with where it goes in the "Error names" list. */
function workflowDocProblems(errors: readonly DeclaredError[], text: string): string[] {
  return errors
    .filter((error) => !text.includes(`\`${error.name}\``))
    .map(
      (error) =>
        `${WORKFLOW_DOC}: name \`${error.name}\` in "Error names" (${
          isOrderOutcome(error) ? 'with how an order that did not complete ends' : 'with the other business errors'
        })`,
    );
}

/** Every copy that does not follow the declarations, each problem naming its file and the fix. */
export function copyProblems(errors: readonly DeclaredError[], files: CopyFiles): string[] {
  return [
    ...(files.generatedModule === renderModule(errors)
      ? []
      : [`${GENERATED_MODULE} is out of date with the declarations: run \`${GENERATE_COMMAND}\``]),
    ...metricFilterProblems(errors, files.ops),
    ...functionAlarmProblems(errors, files.serviceConfigs),
    ...docsProblems(errors, files.operationsDoc),
    ...workflowDocProblems(errors, files.workflowDoc),
  ];
}
