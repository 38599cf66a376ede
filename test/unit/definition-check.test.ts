import { resolve } from 'node:path';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import {
  checkDefinition,
  checkStateMachines,
  formatIssue,
  reportChecks,
  type DefinitionIssue,
} from 'offline-aws/engine/definition-check';
import { loadWorkflowDefinition, type JsonObject } from 'offline-aws/engine/definition';
import { formatPath, spanAt, stringifyWithSpans } from 'offline-aws/engine/json-spans';

/**
 * The strict definition check on the real definition (it must pass: this is the check `npm test`
 * runs) and on mutated copies of it, each expected to fail with an issue that names the state,
 * the path, the field and the value.
 */
const root = resolve(__dirname, '../..');
const config = loadServerlessConfig({ root });
/** The deployed definition with its CloudFormation references resolved (no shared sub-objects). */
const realDefinition = (machine = 'orderProcessing'): JsonObject =>
  structuredClone(loadWorkflowDefinition(config, machine).definition);
/** The machine a path is in: the Parallel is in the Express child reserveAndConfirm, the rest in the saga. */
const machineOf = (path: Step[]): string =>
  path[1] === 'ReserveAndAuthorize' ? 'reserveAndConfirm' : 'orderProcessing';

type Step = string | number;
/** The object at `path` in `value` (throws when there is none: the test itself is wrong). */
function objectAt(value: Json, path: Step[]): JsonObject {
  let current: Json | undefined = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') break;
    current = Array.isArray(current) ? current[Number(step)] : current[String(step)];
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) {
    throw new Error(`no object at ${formatPath(path)}`);
  }
  return current;
}
/** The real definition with `key` set to `value` in the object at `path`. */
const set = (path: Step[], key: string, value: Json) => (): JsonObject => {
  const definition = realDefinition(machineOf(path));
  objectAt(definition, path)[key] = value;
  return definition;
};
/** The real definition with field `from` renamed `to` in the object at `path` (a typo). */
const rename = (path: Step[], from: string, to: string) => (): JsonObject => {
  const definition = realDefinition(machineOf(path));
  const holder = objectAt(definition, path);
  holder[to] = holder[from] ?? null;
  Reflect.deleteProperty(holder, from);
  return definition;
};

const RESERVE = 'States.ReserveAndAuthorize.Branches[0].States.ReserveInventory';
const RESERVE_RETRIER: Step[] = [
  'States',
  'ReserveAndAuthorize',
  'Branches',
  0,
  'States',
  'ReserveInventory',
  'Retry',
  0,
];
const CAPTURE: Step[] = ['States', 'CaptureAndShip'];

describe('the real definition', () => {
  it('passes the check, as serverless.yml composes it (intrinsics resolved)', async () => {
    const results = await checkStateMachines(config);
    const machines = ['orderProcessing', 'reserveAndConfirm', 'captureAndShip', 'completeOrder', 'bulkImport'];
    expect(results).toEqual(machines.map((name) => ({ name, issues: [] })));
    expect(reportChecks(results)).toEqual({
      ok: true,
      text: machines
        .map((name) => `State machine "${name}": definition checked (strict ASL, offline-runnable): OK`)
        .join('\n'),
    });
  });
});

interface Expected {
  path: string;
  state?: string;
  field?: string;
  value?: Json;
  source?: DefinitionIssue['source'];
  message?: RegExp;
}

const cases: [string, () => JsonObject, Expected][] = [
  [
    'unknown field in a Retrier',
    set(RESERVE_RETRIER, 'Foo', 1),
    { path: `${RESERVE}.Retry[0]`, state: 'ReserveInventory', field: 'Foo', message: /not supported/ },
  ],
  [
    'JitterStrategy: FULLY',
    set(RESERVE_RETRIER, 'JitterStrategy', 'FULLY'),
    { path: `${RESERVE}.Retry[0]`, state: 'ReserveInventory', field: 'JitterStrategy', value: 'FULLY' },
  ],
  [
    'MaxDelaySecond (typo of MaxDelaySeconds)',
    rename(RESERVE_RETRIER, 'MaxDelaySeconds', 'MaxDelaySecond'),
    { path: `${RESERVE}.Retry[0]`, state: 'ReserveInventory', field: 'MaxDelaySecond', message: /not supported/ },
  ],
  [
    'IntervalSecond in a Retrier (Retry typo)',
    rename([...CAPTURE, 'Retry', 0], 'IntervalSeconds', 'IntervalSecond'),
    { path: 'States.CaptureAndShip.Retry[0]', state: 'CaptureAndShip', field: 'IntervalSecond' },
  ],
  [
    'BackoffRate below 1',
    set(RESERVE_RETRIER, 'BackoffRate', 0.5),
    { path: `${RESERVE}.Retry[0]`, field: 'BackoffRate', value: 0.5, message: /minimum/ },
  ],
  [
    'unknown field in a Task',
    set(CAPTURE, 'Foo', 'bar'),
    { path: 'States.CaptureAndShip', state: 'CaptureAndShip', field: 'Foo', message: /not supported/ },
  ],
  [
    'Type: Taks',
    set(CAPTURE, 'Type', 'Taks'),
    { path: 'States.CaptureAndShip', state: 'CaptureAndShip', field: 'Type', value: 'Taks' },
  ],
  [
    'Next to a state that does not exist',
    set(CAPTURE, 'Next', 'Nowhere'),
    { path: 'States.CaptureAndShip', state: 'CaptureAndShip', field: 'Next', value: 'Nowhere' },
  ],
  [
    'ErrorEqual in a Catcher (Catch typo)',
    rename([...CAPTURE, 'Catch', 0], 'ErrorEquals', 'ErrorEqual'),
    { path: 'States.CaptureAndShip.Catch[0]', state: 'CaptureAndShip', field: 'ErrorEqual' },
  ],
  [
    'TimeoutSeconds: 0 (found by asl-validator)',
    set(CAPTURE, 'TimeoutSeconds', 0),
    { path: 'States.CaptureAndShip', field: 'TimeoutSeconds', value: 0, source: 'asl-validator' },
  ],
  [
    'States.ALL beside another error (found by the rules of asl-rules.ts)',
    set([...CAPTURE, 'Catch', 0], 'ErrorEquals', ['States.ALL', 'Custom']),
    {
      path: 'States.CaptureAndShip.Catch[0]',
      state: 'CaptureAndShip',
      field: 'ErrorEquals',
      source: 'Amazon States Language',
      message: /must appear alone/,
    },
  ],
  [
    'a JSONata expression that does not parse (AWS: INVALID_JSONATA_EXPRESSION)',
    set([...CAPTURE, 'Arguments'], 'orderId', '{% $order.orderId + %}'),
    {
      path: 'States.CaptureAndShip.Arguments',
      state: 'CaptureAndShip',
      field: 'orderId',
      message: /^INVALID_JSONATA_EXPRESSION: Unexpected end of expression/,
    },
  ],
  [
    'QueryLanguage: JSONPath at the top level over JSONata fields',
    set([], 'QueryLanguage', 'JSONPath'),
    {
      path: 'States.RequestReview',
      field: 'Arguments',
      source: 'Amazon States Language',
      message: /QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata'/,
    },
  ],
  [
    'QueryLanguage: JSONPath in a state of a JSONata state machine (recorded on AWS)',
    set(CAPTURE, 'QueryLanguage', 'JSONPath'),
    {
      path: 'States.CaptureAndShip',
      state: 'CaptureAndShip',
      message: /'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine/,
    },
  ],
  [
    'ResultPath (a JSONPath field) in a JSONata state (AWS: SCHEMA_VALIDATION_FAILED)',
    set(CAPTURE, 'ResultPath', null),
    {
      path: 'States.CaptureAndShip',
      field: 'ResultPath',
      source: 'Amazon States Language',
      message: /QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath'/,
    },
  ],
  [
    'Assign naming a variable AWS refuses',
    set(CAPTURE, 'Assign', { 'not-a-name': true }),
    { path: 'States.CaptureAndShip', field: 'Assign', source: 'Amazon States Language' },
  ],
  [
    'ItemReader on a Map that is not DISTRIBUTED (never run that way on AWS: refused offline)',
    (): JsonObject => {
      const definition = realDefinition('reserveAndConfirm');
      const parallel = objectAt(definition, ['States', 'ReserveAndAuthorize']);
      objectAt(definition, ['States'])['ReserveAndAuthorize'] = {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'orders', Key: 'in.json' } },
        Next: parallel.Next ?? null,
      };
      return definition;
    },
    { path: 'States.ReserveAndAuthorize', field: 'ItemReader', source: 'offline runtime', message: /not DISTRIBUTED/ },
  ],
];

describe('a mutated definition', () => {
  it.each(cases)('%s: an issue names the state, the field and the value', async (_name, make, expected) => {
    const issues = await checkDefinition(make());
    const { message, ...fields } = expected;
    expect(issues).toContainEqual(expect.objectContaining(fields));
    if (message) expect(issues.some((issue) => message.test(issue.message))).toBe(true);
  });

  it('formats an issue as path, field, value, message and source', async () => {
    const issues = await checkDefinition(set(RESERVE_RETRIER, 'JitterStrategy', 'FULLY')());
    expect(issues.map(formatIssue)).toEqual([
      `${RESERVE}.Retry[0]: field "JitterStrategy" = "FULLY": Value is not accepted. ` +
        'Valid values: "FULL", "NONE". (amazon-states-language-service)',
    ]);
    const report = reportChecks([{ name: 'orderProcessing', issues }]);
    expect(report.ok).toBe(false);
    expect(report.text).toMatch(
      /^State machine "orderProcessing": definition check FAILED, 1 issue\(s\):\n {2}- States\./,
    );
  });
});

describe('issues found twice', () => {
  it("a state's JSONPath fields under QueryLanguage JSONata are reported in AWS's words only", async () => {
    // CaptureAndShip written in JSONPath: Parameters and ResultPath instead of Arguments.
    const definition = realDefinition();
    const capture = objectAt(definition, CAPTURE);
    Reflect.deleteProperty(capture, 'Arguments');
    Object.assign(capture, { Parameters: { 'orderId.$': '$.orderId' }, ResultPath: null });
    const issues = await checkDefinition(definition);
    expect(issues.map((issue) => issue.field).sort()).toEqual(['Parameters', 'ResultPath']);
    expect(issues.every((issue) => issue.state === 'CaptureAndShip')).toBe(true);
    expect(
      issues.every((issue) => /^SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata'/.test(issue.message)),
    ).toBe(true);
  });

  it('accepts what the engine runs: Assign in a state and in a Catcher inside a Parallel branch', async () => {
    const withAssign = set(CAPTURE, 'Assign', { captured: true })();
    const branch = ['States', 'ReserveAndAuthorize', 'Branches', 1, 'States', 'AuthorizePayment'];
    const both = set(branch, 'Catch', [
      { ErrorEquals: ['States.ALL'], Assign: { failed: true }, Next: 'AuthorizePayment' },
    ]);
    expect(await checkDefinition(withAssign)).toEqual([]);
    expect(await checkDefinition(both())).toEqual([]);
  });

  it('an unknown field in a Task is one issue, though both validators refuse the state', async () => {
    const issues = await checkDefinition(set(CAPTURE, 'Foo', 'bar')());
    expect(issues).toEqual([expect.objectContaining({ path: 'States.CaptureAndShip', field: 'Foo' })]);
  });
});

describe('checkStateMachines on serverless.yml as composed', () => {
  const machine = objectAt(config.stepFunctions, ['stateMachines', 'orderProcessing']);
  /** The declared definition (CloudFormation references unresolved), changed by `mutate`. */
  const declared = (mutate: (definition: JsonObject) => void): JsonObject => {
    const definition = structuredClone(objectAt(machine, ['definition']));
    mutate(definition);
    // The Express children too: the saga's Tasks name them (Ref).
    const machines = objectAt(config.stepFunctions, ['stateMachines']);
    return { stateMachines: { ...machines, orderProcessing: { ...machine, definition } } };
  };

  it('resolves Fn::GetAtt and Ref before validating, and finds a bad value behind them', async () => {
    const stepFunctions = declared((definition) => {
      const capture = objectAt(definition, ['States', 'CloseFulfilmentWindow']);
      expect(capture.Resource).toEqual({ 'Fn::GetAtt': ['updateOrderStatus', 'Arn'] });
      capture.Retry = [{ ErrorEquals: ['States.ALL'], JitterStrategy: 'FULLY' }];
    });
    const [result] = await checkStateMachines(config, stepFunctions);
    expect(result?.issues).toEqual([
      expect.objectContaining({
        path: 'States.CloseFulfilmentWindow.Retry[0]',
        field: 'JitterStrategy',
        value: 'FULLY',
      }),
    ]);
  });

  it('reports a reference it cannot resolve instead of throwing', async () => {
    const stepFunctions = declared((definition) => {
      objectAt(definition, ['States', 'PublishOrderCancelled', 'Arguments']).TopicArn = { Ref: 'NoSuchTopic' };
    });
    const [result] = await checkStateMachines(config, stepFunctions);
    expect(result?.issues).toEqual([
      expect.objectContaining({ path: '', message: expect.stringContaining('NoSuchTopic') as unknown }),
    ]);
  });
});

describe('stringifyWithSpans', () => {
  it('writes what JSON.stringify(value, null, 2) writes and maps offsets back to paths', () => {
    const value: Json = { States: { A: { Retry: [{ ErrorEquals: ['X'], 'Weird.$': [] }], Empty: {} } } };
    const { text, spans } = stringifyWithSpans(value);
    expect(text).toBe(JSON.stringify(value, null, 2));
    const at = (needle: string) => spanAt(spans, text.indexOf(needle) + 1);
    expect(at('"X"')).toMatchObject({ path: ['States', 'A', 'Retry', 0, 'ErrorEquals', 0], isKey: false, value: 'X' });
    expect(at('"Weird.$"')).toMatchObject({ path: ['States', 'A', 'Retry', 0, 'Weird.$'], isKey: true });
    expect(formatPath(['States', 'A', 'Retry', 0, 'Weird.$'])).toBe('States.A.Retry[0]["Weird.$"]');
  });
});
