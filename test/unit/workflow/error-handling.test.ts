/**
 * The Retry and Catch blocks are declared once, before any state, in workflows/error-handling.yml
 * (the source), and every state of workflows/order-processing.asl.yml takes them from there with a
 * serverless variable (`Retry: ${file(workflows/error-handling.yml):retry.forward}`). Checked here:
 * the definition writes no retrier of its own and no YAML anchor (which only a later state could
 * use); every variable names a declared block; LAMBDA_TRANSIENT_ERRORS (services/shared/
 * workflow-errors.ts) is the shared retrier's list; and a new state put before every other one
 * reuses the blocks and passes the strict definition check (what `npm run package` runs).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import { checkStateMachines, formatIssue } from 'offline-aws/engine/definition-check';
import { loadWorkflowDefinition, type JsonObject } from 'offline-aws/engine/definition';
import { LAMBDA_TRANSIENT_ERRORS } from '../../../services/shared/workflow-errors';
import { configCopy } from '../../support/config-copy';

const root = resolve(__dirname, '../../..');
const BLOCKS_FILE = 'workflows/error-handling.yml';
const DEFINITION_FILE = 'workflows/order-processing.asl.yml';
const definitionText = readFileSync(resolve(root, DEFINITION_FILE), 'utf8');
const blocks = parse(readFileSync(resolve(root, BLOCKS_FILE), 'utf8'), { merge: true }) as {
  retry: Record<string, JsonObject[]>;
  catch: Record<string, JsonObject[]>;
};
/** `${file(workflows/error-handling.yml):<section>.<name>}` */
const VARIABLE = /\$\{file\(workflows\/error-handling\.yml\):(retry|catch)\.([A-Za-z]+)\}/g;

/** The definition's lines without comments. */
const codeLines = definitionText.split('\n').filter((line) => !/^\s*#/.test(line));

it('writes no retrier in the definition: every Retry is a block of workflows/error-handling.yml', () => {
  const retries = codeLines.filter((line) => /^\s*Retry:/.test(line));
  expect(retries.length).toBeGreaterThan(10);
  expect(
    retries.filter((line) => !/^\s*Retry: \$\{file\(workflows\/error-handling\.yml\):retry\.\w+\}$/.test(line)),
  ).toEqual([]);
});

it('uses no YAML anchor or alias in the definition (a block declared in a state reaches only later states)', () => {
  expect(codeLines.filter((line) => /(:|-)\s+[&*][A-Za-z]/.test(line))).toEqual([]);
});

it('names only blocks that workflows/error-handling.yml declares, and uses every one of them', () => {
  const used = [...definitionText.matchAll(VARIABLE)].map(([, section = '', name = '']) => `${section}.${name}`);
  const declared = [
    ...Object.keys(blocks.retry).map((name) => `retry.${name}`),
    ...Object.keys(blocks.catch).map((name) => `catch.${name}`),
  ];
  expect([...new Set(used)].sort()).toEqual(declared.sort());
});

it('retries exactly LAMBDA_TRANSIENT_ERRORS (services/shared/workflow-errors.ts) in the shared Lambda retrier', () => {
  for (const name of ['transient', 'forward', 'persistent']) {
    expect(blocks.retry[name]?.[0]?.ErrorEquals).toEqual([...LAMBDA_TRANSIENT_ERRORS]);
  }
});

describe('a new state put before every other state', () => {
  // Screens every order first: the earliest place a state can go, before any state the blocks were
  // once anchored in. It calls an existing function, so only the definition changes; first, it reads
  // the order from its input (AssessRisk keeps it in $order only after) and passes it on.
  const earlyState = [
    '  ScreenFirst:',
    '    Type: Task',
    '    Resource:',
    '      Fn::GetAtt: [reserveInventory, Arn]',
    '    Arguments:',
    "      orderId: '{% $states.input.orderId %}'",
    "      items: '{% $states.input.items %}'",
    "    Output: '{% $states.input %}'",
    '    TimeoutSeconds: 15',
    '    Retry: ${file(workflows/error-handling.yml):retry.forward}',
    '    Catch: ${file(workflows/error-handling.yml):catch.compensate}',
    '    Next: AssessRisk',
    '',
  ].join('\n');
  const edited = definitionText
    .replace(/^StartAt: \w+$/m, 'StartAt: ScreenFirst')
    .replace(/^States:\n/m, `States:\n${earlyState}`);
  const copy = configCopy({ [DEFINITION_FILE]: edited });
  afterAll(() => copy.remove());
  const config = loadServerlessConfig({ root: copy.root });

  it('passes the strict definition check that `npm run package` runs', async () => {
    const results = await checkStateMachines(config);
    expect(results.flatMap((result) => result.issues.map(formatIssue))).toEqual([]);
  });

  it('gets the same blocks as the states that were there before it', () => {
    const states = loadWorkflowDefinition(config).definition.States as Record<string, Record<string, Json>>;
    expect(states.ScreenFirst?.Retry).toEqual(states.CloseFulfilmentWindow?.Retry);
    expect(states.ScreenFirst?.Catch).toEqual(states.CloseFulfilmentWindow?.Catch);
    expect(states.ScreenFirst?.Retry).toEqual(blocks.retry.forward);
  });
});
