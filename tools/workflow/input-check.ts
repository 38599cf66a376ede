/**
 * `npm run generate:input-check`: the saga's first check of its execution input, generated from the
 * one schema the API uses (WorkflowInputSchema, services/orders/schemas.ts) into
 * workflows/input-check.generated.yml, which AssessRisk's Choice rule reads
 * (`${file(workflows/input-check.generated.yml):refuse}`). test/unit/workflow/input-check.test.ts
 * fails when the file differs from what this generates, and compares the rule's verdicts with the
 * schema's.
 *
 * The schema becomes JSON Schema (zod's `toJSONSchema`), then one JSONata predicate: types,
 * required and unknown fields, integer bounds, lengths, patterns, enums, array sizes, every item.
 * What JSON Schema cannot say — zod refinements (printable text, no lone surrogate) — stays with
 * the step that validates its own input; lengths are counted in characters (JSONata's `$length`),
 * zod's in UTF-16 units, so text of astral characters near its limit passes here. Such an input is
 * never a stored order's own (createOrder stored it through the schema), so the verifyOrder step,
 * first in the reserve-and-confirm child, refuses it before anything is held.
 *
 * With the rule, RefuseInput's Cause: the top-level fields at fault (refuseCause).
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod/mini';
import { WorkflowInputSchema } from '../../services/orders/schemas';

/** A JSON Schema node, as zod writes one (the keywords this generator reads). */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: SchemaNode[];
}

export const INPUT_CHECK_FILE = 'workflows/input-check.generated.yml';

/** The keywords this generator understands; any other fails the generation (never silently skipped). */
const KNOWN = new Set([
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'anyOf',
  'format',
]);

const literal = (value: unknown): string => JSON.stringify(value);

/** `present` when `subject` has the field `name` (bound to `field`), else `absent`. */
const withField = (subject: string, name: string, field: string, present: string, absent: string): string =>
  `(${field} := $lookup(${subject}, ${literal(name)}); $exists(${field}) ? ${present} : ${absent})`;

/** The keys of `subject` that are not among `names` (`key`: the filter's parameter). */
const unknownKeys = (subject: string, names: string[], key: string): string =>
  `$filter($keys(${subject}), function(${key}) { $not(${key} in ${literal(names)}) })`;
/** A JSONata regex literal: its slashes escaped. */
const regex = (pattern: string): string => `/${pattern.replace(/\//g, '\\/')}/`;

class PredicateWriter {
  private counter = 0;

  private variable(): string {
    this.counter += 1;
    return `$v${this.counter}`;
  }

  /**
   * A JSONata boolean expression: whether the value of `subject` (a variable) satisfies `node`. Each
   * check that needs a type is behind a conditional on it (`? :` evaluates one branch only), so no
   * input makes a function fail (`$floor` of a string), whether or not `and` short-circuits.
   */
  write(node: SchemaNode, subject: string, path: string): string {
    const unknown = Object.keys(node).filter((key) => !KNOWN.has(key));
    if (unknown.length > 0) throw new Error(`${path}: JSON Schema keywords ${unknown.join(', ')} are not generated`);
    if (node.anyOf)
      return `(${node.anyOf.map((choice, i) => this.write(choice, subject, `${path}|${i}`)).join(' or ')})`;
    const values: string[] = [];
    if (node.enum !== undefined) values.push(`${subject} in ${literal(node.enum)}`);
    if (node.const !== undefined) values.push(`${subject} = ${literal(node.const)}`);
    const typed = (type: string, checks: string[]): string => {
      const all = [...checks, ...values];
      return `($type(${subject}) = '${type}' ? ${all.length === 0 ? 'true' : `(${all.join(' and ')})`} : false)`;
    };
    switch (node.type) {
      case 'object':
        return typed('object', this.object(node, subject, path));
      case 'array':
        return typed('array', this.array(node, subject, path));
      case 'string':
        return typed('string', [
          ...(node.minLength === undefined ? [] : [`$length(${subject}) >= ${node.minLength}`]),
          ...(node.maxLength === undefined ? [] : [`$length(${subject}) <= ${node.maxLength}`]),
          ...(node.pattern === undefined ? [] : [`$contains(${subject}, ${regex(node.pattern)})`]),
        ]);
      case 'integer':
      case 'number':
        return typed('number', [
          ...(node.type === 'integer' ? [`$floor(${subject}) = ${subject}`] : []),
          ...(node.minimum === undefined ? [] : [`${subject} >= ${node.minimum}`]),
          ...(node.maximum === undefined ? [] : [`${subject} <= ${node.maximum}`]),
          ...(node.exclusiveMinimum === undefined ? [] : [`${subject} > ${node.exclusiveMinimum}`]),
          ...(node.exclusiveMaximum === undefined ? [] : [`${subject} < ${node.exclusiveMaximum}`]),
        ]);
      case 'boolean':
      case 'null':
        return typed(node.type, []);
      case undefined:
        return values.length === 0 ? 'true' : `(${values.join(' and ')})`;
      default:
        throw new Error(`${path}: type ${node.type} is not generated`);
    }
  }

  private object(node: SchemaNode, subject: string, path: string): string[] {
    const properties = node.properties ?? {};
    const required = new Set(node.required ?? []);
    const parts = Object.entries(properties).map(([name, child]) => {
      const field = this.variable();
      const check = this.write(child, field, `${path}.${name}`);
      const absent = required.has(name) ? 'false' : 'true';
      return withField(subject, name, field, check, absent);
    });
    if (node.additionalProperties === false) {
      const key = this.variable();
      parts.push(`$count(${unknownKeys(subject, Object.keys(properties), key)}) = 0`);
    } else if (typeof node.additionalProperties === 'object') {
      throw new Error(`${path}: additionalProperties with a schema is not generated`);
    }
    return parts;
  }

  private array(node: SchemaNode, subject: string, path: string): string[] {
    const parts: string[] = [];
    if (node.minItems !== undefined) parts.push(`$count(${subject}) >= ${node.minItems}`);
    if (node.maxItems !== undefined) parts.push(`$count(${subject}) <= ${node.maxItems}`);
    if (node.items) {
      const item = this.variable();
      const check = this.write(node.items, item, `${path}[]`);
      // Counted through $map's numbers: a filtered sequence would flatten an item that is itself an array.
      parts.push(`$sum([0, $map(${subject}, function(${item}) { ${check} ? 0 : 1 })]) = 0`);
    }
    return parts;
  }
}

/** The JSONata condition (with its `{% %}`) that is true when `$states.input` does NOT satisfy the schema. */
export function refuseCondition(schema: SchemaNode): string {
  const check = new PredicateWriter().write(schema, '$i', '(input)');
  return `{% ($i := $states.input; $not(${check})) %}`;
}

/**
 * The JSONata expression (with its `{% %}`) of RefuseInput's Cause: what is wrong with
 * `$states.input`, by top-level field — `total: missing`, `items: not as WorkflowInputSchema says`,
 * `unknown field: coupon` — or that it is not an object; the schema's own words for the fields'
 * details are the API's (docs/api.md).
 */
export function refuseCause(schema: SchemaNode): string {
  if (schema.type !== 'object') throw new Error('(input): the cause is generated for an object schema only');
  const writer = new PredicateWriter();
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const problems = properties.map(([name, child]) => {
    const field = `$f${name.replace(/[^A-Za-z0-9]/g, '_')}`;
    const check = writer.write(child, field, `(input).${name}`);
    const missing = required.has(name) ? literal(`${name}: missing`) : "''";
    return withField(
      '$i',
      name,
      field,
      `(${check} ? '' : ${literal(`${name}: not as WorkflowInputSchema says`)})`,
      missing,
    );
  });
  // Each field gives its problem or '' (an empty array inside an array constructor is kept, and
  // $join refuses it); the unknown fields are appended (none: $append leaves the list as it is).
  const unknown =
    schema.additionalProperties === false
      ? `$map(${unknownKeys(
          '$i',
          properties.map(([name]) => name),
          '$k',
        )}, function($k) { 'unknown field: ' & $k })`
      : '[]';
  const listed = `$join($filter($append([${problems.join(', ')}], ${unknown}), function($p) { $p != '' }), '; ')`;
  return `{% ($i := $states.input; 'The execution input is not an order the saga can process (WorkflowInputSchema): ' & ($type($i) = 'object' ? ${listed} : 'it is not a JSON object')) %}`;
}

/** The generated file's text. */
export function inputCheckFile(): string {
  const schema = z.toJSONSchema(WorkflowInputSchema, { io: 'input' }) as SchemaNode;
  return [
    '# Generated by `npm run generate:input-check` from WorkflowInputSchema (services/orders/schemas.ts);',
    '# do not edit by hand. AssessRisk (workflows/order-processing.asl.yml) refuses an input for which',
    '# `refuse` is true (InvalidOrderInput), before anything is reserved; RefuseInput says why in its',
    '# Cause (`cause`: the top-level fields that are missing, not as the schema says, or unknown).',
    `refuse: ${JSON.stringify(refuseCondition(schema))}`,
    `cause: ${JSON.stringify(refuseCause(schema))}`,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('input-check.ts')) {
  writeFileSync(INPUT_CHECK_FILE, inputCheckFile());
  process.stdout.write(`wrote ${INPUT_CHECK_FILE}\n`);
}
