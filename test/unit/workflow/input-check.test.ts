/**
 * The saga's first check of its input (AssessRisk's refuse rule) is generated from
 * WorkflowInputSchema (services/orders/schemas.ts, the one schema the API uses) by
 * tools/workflow/input-check.ts into workflows/input-check.generated.yml. Here: the committed file
 * is what the generator writes now, and on inputs a step away from a valid one (a field removed,
 * replaced, out of bounds, an unknown field added) the rule refuses exactly what the schema
 * refuses — but for the schema's refinements JSON Schema cannot carry (printable text), which the
 * steps' own validation keeps.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { parse } from 'yaml';
import { WorkflowInputSchema } from '../../../services/orders/schemas';
import { INPUT_CHECK_FILE, inputCheckFile } from '../../../tools/workflow/input-check';
import { workflowInput } from '../../support/orders';
import { NUM_RUNS } from '../properties/harness';

const { refuse } = parse(readFileSync(INPUT_CHECK_FILE, 'utf8')) as { refuse: string };
const rule = jsonata(refuse.replace(/^\{%|%\}$/g, ''));
const refused = async (input: unknown): Promise<boolean> =>
  (await rule.evaluate({}, { states: { input, context: { Execution: { Name: 'x' } } } })) === true;

const { cause } = parse(readFileSync(INPUT_CHECK_FILE, 'utf8')) as { cause: string };
const causeRule = jsonata(cause.replace(/^\{%|%\}$/g, ''));
const causeOf = async (input: unknown): Promise<unknown> => causeRule.evaluate({}, { states: { input } });
const PREFIX = 'The execution input is not an order the saga can process (WorkflowInputSchema): ';

const VALID = { ...workflowInput(`ord_${'a'.repeat(32)}`), fulfilmentWindowSeconds: 600 };

it(`${INPUT_CHECK_FILE} is what \`npm run generate:input-check\` writes from WorkflowInputSchema now`, () => {
  expect(readFileSync(INPUT_CHECK_FILE, 'utf8')).toBe(inputCheckFile());
});

it('lets a valid input through, with or without its optional fields', async () => {
  await expect(refused(VALID)).resolves.toBe(false);
  const line2 = { ...VALID, shippingAddress: { ...VALID.shippingAddress, line2: 'Flat 3' } };
  await expect(refused(line2)).resolves.toBe(false);
});

type Path = (string | number)[];

/** Every path of an object or array in the value, the root included. */
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([key, child]) => paths(child, [...at, key]))];
}

const at = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
const isPlainObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

function edited(path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void) {
  const copy = structuredClone(VALID) as unknown as Record<string | number, unknown>;
  const key = path.at(-1);
  if (key === undefined) return copy;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  change(parent, key);
  return copy;
}

const REPLACEMENTS: unknown[] = [
  null,
  true,
  0,
  -1,
  1,
  1.5,
  1000,
  1001,
  604_800,
  604_801,
  2 ** 53,
  '',
  'x',
  'SKU-',
  'SKU-OK',
  'tok_',
  'tok_ok',
  'EUR',
  'eur',
  'GB',
  'é'.repeat(201),
  [],
  [{}],
  [[]],
  [[{}]],
  {},
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('remove' as const),
    path: fc.constantFrom(...paths(VALID).filter((p) => p.length > 0)),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    path: fc.constantFrom(...paths(VALID).filter((p) => p.length > 0)),
    value: fc.constantFrom(...REPLACEMENTS),
  }),
  fc.record({
    kind: fc.constant('add' as const),
    path: fc.constantFrom(...paths(VALID).filter((p) => isPlainObject(at(VALID, p)))),
    value: fc.constantFrom(...REPLACEMENTS),
  }),
);

function apply(m: { kind: 'remove' | 'replace' | 'add'; path: Path; value?: unknown }) {
  if (m.kind === 'remove') {
    return edited(m.path, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else Reflect.deleteProperty(parent, key);
    });
  }
  if (m.kind === 'replace') return edited(m.path, (parent, key) => void (parent[key] = m.value));
  // An unknown field beside (or, at the root, inside) the one the path names.
  return edited([...m.path, 'unknownField'], (parent, key) => void (parent[key] = m.value));
}

it('refuses exactly what WorkflowInputSchema refuses, a step away from a valid input', async () => {
  await fc.assert(
    fc.asyncProperty(mutation, async (m) => {
      const input = apply(m);
      const parsed = WorkflowInputSchema.safeParse(input);
      const verdict = await refused(input);
      if (parsed.success) expect(verdict).toBe(false);
      // Only a refinement JSON Schema cannot carry (a custom check) may pass here.
      else if (!parsed.error.issues.every((issue) => issue.code === 'custom')) expect(verdict).toBe(true);
    }),
    { numRuns: NUM_RUNS },
  );
});

it('never fails to evaluate, whatever the input', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (input) => {
      await expect(refused(input)).resolves.toBe(!WorkflowInputSchema.safeParse(input).success);
    }),
    { numRuns: NUM_RUNS },
  );
});

/** `value` without its field `name`. */
const without = (value: object, name: string): object =>
  Object.fromEntries(Object.entries(value).filter(([key]) => key !== name));

describe("RefuseInput's Cause names what is wrong, by top-level field", () => {
  it.each([
    ['a missing field', () => without(VALID, 'total'), 'total: missing'],
    [
      'two fields, missing and wrong',
      () => ({ ...without(VALID, 'customerId'), items: [] }),
      'customerId: missing; items: not as WorkflowInputSchema says',
    ],
    [
      'a field of another type',
      () => ({ ...VALID, requiresReview: 'no' }),
      'requiresReview: not as WorkflowInputSchema says',
    ],
  ])('%s', async (_what, input, says) => {
    await expect(refused(input())).resolves.toBe(true);
    await expect(causeOf(input())).resolves.toBe(`${PREFIX}${says}`);
  });

  it.each([null, 'x', 42, [VALID]])('an input that is not an object (%j)', async (input) => {
    await expect(causeOf(input)).resolves.toBe(`${PREFIX}it is not a JSON object`);
  });

  it('evaluates on every input the rule refuses (never a JSONata error in the Fail state)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (input) => {
        await expect(causeOf(input)).resolves.toMatch(new RegExp(`^${PREFIX.replace(/[()]/g, '\\$&')}`));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
