/**
 * Every intrinsic function call recorded on AWS (the fixture's 131 cases, each a Pass state whose
 * Parameters call one intrinsic), run through the payload template as the interpreter will:
 * Parameters, then ResultPath and OutputPath when the state has them. Intrinsics:
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPayloadTemplate, applyResultPath, readPath } from '../../../../src/engine/query/jsonpath';
import type { Json, JsonObject } from '../../../../src/engine/query/types';
import { scopeOf } from './scope';

interface RecordedCase {
  name: string;
  state: { Parameters: JsonObject; ResultPath?: string; OutputPath?: string };
  input: Json;
  status: string;
  output: Json;
}

interface Fixture {
  context: { Execution: JsonObject } & JsonObject;
  cases: RecordedCase[];
}

const recorded = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/intrinsics-recorded.json'), 'utf8'),
) as Fixture;
const cases = recorded.cases;

/** What the Pass state outputs for `input`, as the interpreter will compute it. */
function run(state: RecordedCase['state'], input: Json): Json {
  const context: JsonObject = { ...recorded.context, Execution: { ...recorded.context.Execution, Input: input } };
  const scope = scopeOf(input, { context });
  const result = applyPayloadTemplate(state.Parameters, scope, 'Parameters');
  const output = applyResultPath(state.ResultPath, input, result);
  return state.OutputPath === undefined
    ? output
    : readPath(state.OutputPath, scopeOf(output, { context }), 'OutputPath');
}

it('the fixture holds the 131 recorded intrinsic cases, all SUCCEEDED', () => {
  expect(cases).toHaveLength(131);
  expect(new Set(cases.map((recordedCase) => recordedCase.status))).toEqual(new Set(['SUCCEEDED']));
});

const exact = cases.filter((recordedCase) => !recordedCase.name.startsWith('math_operations.math_random'));
const random = cases.filter((recordedCase) => recordedCase.name.startsWith('math_operations.math_random'));

it.each(exact.map((recordedCase) => [recordedCase.name, recordedCase] as const))(
  'intrinsics: %s (recorded on AWS)',
  (_name, recordedCase) => {
    expect(run(recordedCase.state, recordedCase.input)).toEqual(recordedCase.output);
  },
);

// LocalStack replaced these outputs by a placeholder: the number must be an integer from the
// rounded start (included) to the rounded end (excluded).
it.each(random.map((recordedCase) => [recordedCase.name, recordedCase] as const))(
  'intrinsics: %s gives an integer in [start, end) (recorded on AWS)',
  (_name, recordedCase) => {
    const { fst, snd } = (recordedCase.input as { FunctionInput: { fst: number; snd: number } }).FunctionInput;
    for (let draw = 0; draw < 50; draw++) {
      const { FunctionResult } = run(recordedCase.state, recordedCase.input) as { FunctionResult: number };
      expect(Number.isInteger(FunctionResult)).toBe(true);
      expect(FunctionResult).toBeGreaterThanOrEqual(Math.round(fst));
      expect(FunctionResult).toBeLessThan(Math.round(snd));
    }
  },
);
