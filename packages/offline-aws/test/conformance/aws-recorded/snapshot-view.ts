/**
 * The local answer put in the form the recorded one has: the recorded responses went through the
 * snapshot transformers of the tests that recorded them (fixtures/aws-recorded/README.md lists
 * them), so the local answer goes through the same ones before both are compared.
 */
import type { Json, JsonObject } from '../../../src/engine/query/types';
import type { RecordedCase } from './corpus';

/** The region the local machines are created in (replaced by `<region>`, as the recording did). */
export const REGION = 'eu-west-1';

/** What varies from run to run in the local answer, and the placeholder the recording has for it. */
export interface ViewContext {
  /** [local value, recorded placeholder]: the role ARN, the machine's and the execution's names. */
  names: [string, string][];
  /** The account id of the local ARNs (recorded as 111111111111). */
  account: string;
}

// An ISO-8601 date-time (the snapshot's own pattern): replaced by `date` wherever it occurs in a string.
const ISO =
  /(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)/g;
const ISO_START = new RegExp('^' + ISO.source);
const UUID_START = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}/;
const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON strings starting with `{` parsed in place, in objects and the objects of arrays, as the snapshots store them. */
function parseBraced(value: Json): Json {
  if (Array.isArray(value)) return value.map((x) => (typeof x === 'object' && x !== null ? parseBraced(x) : x));
  if (!isObject(value)) return value;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' && item.startsWith('{')) {
      try {
        value[key] = parseBraced(JSON.parse(item) as Json);
      } catch {
        // not JSON: kept as text
      }
    } else if (typeof item === 'object' && item !== null) value[key] = parseBraced(item);
  }
  return value;
}

function* descendants(value: Json): Generator<Json> {
  yield value;
  if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) yield* descendants(item);
}

/** Replaces the values `path` selects: `$.a.b`, `$..a.b`, `$..a..b` (the forms the tests' replacements use). */
function jsonpathSet(root: Json, path: string, replace: (value: Json) => Json): void {
  const match = /^\$(.*)$/.exec(path);
  if (!match) return;
  const steps = [...(match[1] ?? '').matchAll(/(\.\.|\.)([A-Za-z0-9_-]+)/g)].map((m) => ({
    deep: m[1] === '..',
    key: m[2] ?? '',
  }));
  let nodes: Json[] = [root];
  steps.forEach((step, i) => {
    const next: Json[] = [];
    for (const node of nodes) {
      for (const candidate of step.deep ? [...descendants(node)] : [node]) {
        if (!isObject(candidate) || !(step.key in candidate)) continue;
        if (i === steps.length - 1) candidate[step.key] = replace(candidate[step.key] ?? null);
        else next.push(candidate[step.key] ?? null);
      }
    }
    nodes = next;
  });
}

/**
 * `answer` as the recording's transformers would have stored it: JSON strings parsed, the test's
 * JSONPath and regex replacements, UUIDs under `*id` keys as `<uuid:N>`, non-ISO values under
 * `*timestamp*` keys as `timestamp`, the run's names as their placeholders, ISO dates as `date`,
 * the account as 111111111111, the region as `<region>`, `arn:aws:` as `arn:<partition>:`.
 */
export function snapshotView(answer: Json, context: ViewContext, kase: RecordedCase): Json {
  const view = parseBraced(JSON.parse(JSON.stringify(answer)) as Json);
  const references: [string, string][] = [];
  const addReference = (value: string, name: string) => {
    if (!value || references.some(([known]) => known === value)) return;
    const number = references.filter(([, placeholder]) => placeholder.startsWith(`<${name}:`)).length + 1;
    references.push([value, `<${name}:${number}>`]);
  };
  for (const { path, replacement } of kase.compare.jsonpathReplacements ?? []) {
    const reference = /^<(.*)>$/.exec(replacement)?.[1];
    jsonpathSet(view, path, (value) => {
      if (reference === undefined) return replacement;
      addReference(typeof value === 'string' ? value : JSON.stringify(value), reference);
      return value;
    });
  }
  const walk = (value: Json) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value))
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string' && /id$/i.test(key) && UUID_START.test(item)) addReference(item, 'uuid');
        if (/timestamp/i.test(key) && !ISO_START.test(String(item)) && (typeof item !== 'object' || item === null)) {
          value[key] = 'timestamp';
        } else walk(item);
      }
  };
  walk(view);
  let text = JSON.stringify(view);
  for (const [value, placeholder] of references) text = text.split(jsonEscaped(value)).join(placeholder);
  for (const { pattern, replacement } of kase.compare.regexReplacements ?? []) {
    text = text.replace(new RegExp(pattern, 'g'), replacement);
  }
  for (const [value, placeholder] of context.names) if (value) text = text.split(value).join(placeholder);
  text = text.replace(ISO, 'date');
  if (context.account) text = text.split(context.account).join('111111111111');
  text = text.split(REGION).join('<region>').split('arn:aws:').join('arn:<partition>:');
  return JSON.parse(text) as Json;
}
