/**
 * The two Amazon States Language validators the definition check runs (src/engine/definition-check.ts),
 * their findings turned into issues that name the state, the path and the field.
 *
 * - amazon-states-language-service (AWS's, behind the AWS Toolkit): the whole current ASL as a
 *   strict schema: unknown fields anywhere (state, Retrier, Catcher, Choice rule, branch), enum
 *   values (`JitterStrategy`, `Type`), minimums (`BackoffRate`, `MaxDelaySeconds`), `StartAt` /
 *   `Next` / `Default` naming no state, unreachable states. It reports ranges in a text document;
 *   the definition is serialized with src/engine/json-spans.ts to map them back to fields.
 * - asl-validator 4: what the language service does not check: path syntax (`ResultPath: foo`),
 *   `Resource` ARN shape, `TimeoutSeconds >= 1`, exactly one of `End`/`Next` or of the Wait
 *   durations, duplicate fields once `.$` is stripped, JSONata-only fields in a JSONPath state.
 *   Its schema errors at or above a place the language service already explains, and its
 *   reachability errors when the language service found anything, are left out as repeats (so a
 *   second run may show more once the first findings are fixed; the check never passes early).
 */
import { getLanguageService, type Diagnostic } from 'amazon-states-language-service';
import aslValidator from 'asl-validator';
import { forSchemaValidation } from './asl-schema-gaps';
// The language service's document type (it re-exports it, but not as an ES module export).
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Json } from '../serverless/config';
import type { JsonObject } from './definition';
import { issueAt, type DefinitionIssue } from './definition-issues';
import { spanAt, stringifyWithSpans, type PathSegment } from './json-spans';

export { issueAt, type DefinitionIssue } from './definition-issues';

/** LSP DiagnosticSeverity: 1 Error, 2 Warning fail the check; 3 Information and 4 Hint do not. */
const WARNING = 2;

let languageService: ReturnType<typeof getLanguageService> | undefined;

/** Every error or warning of amazon-states-language-service on this definition. */
export async function languageServiceIssues(definition: JsonObject): Promise<DefinitionIssue[]> {
  languageService ??= getLanguageService({});
  const { text, spans } = stringifyWithSpans(definition);
  const document = TextDocument.create('file:///state-machine.asl.json', 'json', 1, text);
  const diagnostics = await languageService.doValidation(document, languageService.parseJSONDocument(document));
  const source = 'amazon-states-language-service';
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === undefined || diagnostic.severity <= WARNING)
    .map((diagnostic) => {
      const message = diagnosticText(diagnostic);
      const span = spanAt(spans, document.offsetAt(diagnostic.range.start));
      if (!span) return issueAt([], message, source, { onField: false });
      const scalar = span.value === null || typeof span.value !== 'object';
      // A diagnostic on a key is about that field; on an object or array, about that object.
      if (span.isKey) return issueAt(span.path, message, source, { onField: true });
      if (!scalar) return issueAt(span.path, message, source, { onField: false });
      return issueAt(span.path, message, source, { onField: true, value: span.value });
    });
}

/** A diagnostic's message is plain text or markup (`{ kind, value }`). */
const diagnosticText = ({ message }: Diagnostic): string => (typeof message === 'string' ? message : message.value);

/**
 * A JSON pointer (`/States/A/Retry/0`) as path segments (`['States', 'A', 'Retry', 0]`: indexes
 * where the value is an array) and the value it points at.
 */
function locate(definition: JsonObject, pointer: string): { segments: PathSegment[]; value: Json | undefined } {
  const segments: PathSegment[] = [];
  let value: Json | undefined = definition;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      segments.push(Number(key));
      value = value[Number(key)];
    } else {
      segments.push(key);
      value = value !== null && typeof value === 'object' ? value[key] : undefined;
    }
  }
  return { segments, value };
}

/** Reachability and terminal-state errors: the language service reports these with their place. */
const REPEATS_WHEN_EXPLAINED = new Set(['MISSING_TRANSITION_TARGET', 'MISSING_TERMINAL_STATE']);

const startsWith = (path: PathSegment[], prefix: PathSegment[]): boolean =>
  prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);

/**
 * asl-validator 4's findings that `already` (the language service's) does not explain.
 * `statePath` finds a state by name, for the semantic errors that name a state but no path.
 */
export function aslValidatorIssues(
  definition: JsonObject,
  already: DefinitionIssue[],
  statePath: (name: string) => PathSegment[] | undefined,
): DefinitionIssue[] {
  // It writes QueryLanguage into every state it is given: validate a copy.
  const { errors } = aslValidator(forSchemaValidation(definition), { checkPaths: true, checkArn: true });
  const source = 'asl-validator';
  const issues: DefinitionIssue[] = [];
  for (const error of errors) {
    if (error.schemaError) {
      const { segments, value } = locate(definition, error.schemaError.instancePath);
      if (already.some((issue) => startsWith(issue.segments, segments))) continue;
      const message = error.Message.replace(/^\S* is invalid\. /, '');
      const scalar = value === null || (value !== undefined && typeof value !== 'object');
      issues.push(issueAt(segments, message, source, scalar ? { onField: true, value } : { onField: false }));
      continue;
    }
    if (REPEATS_WHEN_EXPLAINED.has(error['Error code']) && already.length > 0) continue;
    const named = /^State "?([^"\s]+)"? /.exec(error.Message)?.[1];
    const segments = (named !== undefined && statePath(named)) || [];
    issues.push(issueAt(segments, error.Message, source, { onField: false }));
  }
  return issues;
}
