/**
 * Rules of the Amazon States Language that AWS enforces when a state machine is created and that
 * neither validator the definition check runs (asl-validation.ts) knows, checked here so that a
 * definition AWS refuses is refused offline too, at CreateStateMachine (machines.ts) and at
 * package time (definition-check.ts):
 *
 * - `States.ALL` must appear alone in its `ErrorEquals`, and only in the last Retrier or Catcher
 *   ("Amazon States Language", Errors: https://states-language.net/spec.html#errors; "Handling
 *   errors in Step Functions workflows");
 * - a Wait state's `Timestamp` is an RFC 3339 timestamp with an upper-case `T` and `Z`
 *   ("Wait workflow state": https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html);
 * - the two query languages' fields: no JSONPath field in a JSONata state and the reverse, JSONata
 *   expressions that parse, variable names AWS takes (query/jsonata/field-rules.ts, AWS's wording).
 */
import { asArray, asObject, type JsonObject } from './definition';
import { issueAt, type DefinitionIssue } from './definition-issues';
import type { PathSegment } from './json-spans';
import { walkStates } from './offline-limits';
import { jsonataFieldIssues } from './query/jsonata/index';

const SOURCE = 'Amazon States Language';
const ALL = 'States.ALL';
/** RFC 3339 as Step Functions takes it: upper-case `T` and `Z`, optional fraction, or an offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `States.ALL` in the Retriers or Catchers of one state: alone, and only in the last one. */
function wildcardIssues(state: JsonObject, path: PathSegment[]): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const list of ['Retry', 'Catch'] as const) {
    const handlers = asArray(state[list]);
    handlers.forEach((handler, i) => {
      const errors = asArray(asObject(handler).ErrorEquals);
      const at: PathSegment[] = [...path, list, i, 'ErrorEquals'];
      if (!errors.includes(ALL)) return;
      if (errors.length > 1) {
        issues.push(issueAt(at, `${ALL} must appear alone in ErrorEquals`, SOURCE, { onField: true, value: errors }));
      }
      if (i < handlers.length - 1) {
        const which = list === 'Retry' ? 'Retrier' : 'Catcher';
        issues.push(issueAt(at, `${ALL} must appear only in the last ${which}`, SOURCE, { onField: true }));
      }
    });
  }
  return issues;
}

/** A JSON pointer (RFC 6901) to `path`, as AWS's validation messages locate a field: `/States/A/Next`. */
export const pointerOf = (path: PathSegment[]): string =>
  path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const segmentsOf = (pointer: string): PathSegment[] =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** One finding of the query-language rules: AWS's CreateStateMachine `text`, and its parts. */
export interface LanguageRuleFinding {
  /** `<CODE>: <message> at <JSON pointer>`, as AWS words it (transforming-data.html). */
  text: string;
  code: string;
  message: string;
  /** The JSON pointer the finding is at, e.g. `/States/P/Parameters`. */
  location: string;
}

/**
 * The query-language rules' findings, every state walked with the definition's top-level
 * QueryLanguage (query/jsonata/field-rules.ts words them).
 */
export function languageRuleFindings(definition: JsonObject): LanguageRuleFinding[] {
  const language = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const texts: string[] = [];
  walkStates(definition, (state, path) => texts.push(...jsonataFieldIssues(state, language, pointerOf(path))));
  return texts.map((text) => {
    const [, code = 'SCHEMA_VALIDATION_FAILED', message = text, location = '/'] =
      /^([A-Z_]+): (.*?)(?: at (\/\S*))?$/s.exec(text) ?? [];
    return { text, code, message, location };
  });
}

/** {@link languageRuleFindings} as issues naming their state and field. */
function languageRuleIssues(definition: JsonObject): DefinitionIssue[] {
  return languageRuleFindings(definition).map(({ text, location }) => {
    const segments = segmentsOf(location);
    const onField = typeof segments.at(-1) === 'string' && segments.at(-2) !== 'States';
    return issueAt(segments, text.slice(0, text.lastIndexOf(' at /')), SOURCE, { onField });
  });
}

/** Every breach of these rules in a definition, each naming its state and field. */
export function aslRuleIssues(definition: JsonObject): DefinitionIssue[] {
  return [...languageRuleIssues(definition), ...aslStructureIssues(definition)];
}

/** The breaches of the rules beside the query languages': `States.ALL` placement, Wait timestamps. */
export function aslStructureIssues(definition: JsonObject): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  walkStates(definition, (state, path) => {
    issues.push(...wildcardIssues(state, path));
    if (state.Type === 'Wait' && typeof state.Timestamp === 'string' && !state.Timestamp.startsWith('{%')) {
      if (!TIMESTAMP.test(state.Timestamp)) {
        const message = 'Timestamp must be an RFC 3339 timestamp with an upper-case T and Z (2026-12-07T10:00:00Z)';
        issues.push(issueAt([...path, 'Timestamp'], message, SOURCE, { onField: true, value: state.Timestamp }));
      }
    }
  });
  return issues;
}
