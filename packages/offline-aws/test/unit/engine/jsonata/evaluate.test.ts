/**
 * JSONata fields (src/engine/query/jsonata/evaluate.ts), against what AWS answered for the same
 * definitions ("recorded on AWS") and "Transforming data with JSONata in Step Functions"
 * (transforming-data.html).
 */
import {
  evaluateJsonataField,
  evaluateJsonataItems,
  isJsonataTemplate,
  JsonataFieldError,
} from '../../../../src/engine/query/jsonata';
import { scopeOf } from './scope';

/** The error an evaluation throws (fails the test when it does not throw). */
async function failure(run: Promise<unknown>): Promise<JsonataFieldError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(JsonataFieldError);
    return error as JsonataFieldError;
  }
  throw new Error('expected the evaluation to fail');
}

describe('what a template is', () => {
  it('only a whole string from {% to %} (output: base_cases[BASE_LITERALS], recorded on AWS)', () => {
    expect(isJsonataTemplate('{% $states.input %}')).toBe(true);
    expect(isJsonataTemplate(' {% states.input %}')).toBe(false);
    expect(isJsonataTemplate('{% $x %} ')).toBe(false);
    expect(isJsonataTemplate('$.no.such.path')).toBe(false);
    expect(isJsonataTemplate(7)).toBe(false);
  });
});

describe('evaluateJsonataField', () => {
  it('walks objects and arrays, keeps literals (output: base_output_any_non_dict[LIST_RICH], recorded on AWS)', async () => {
    const value = [
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      '{% $states.input %}',
      { key: '{% true %}' },
    ];
    const scope = scopeOf({ input_value: 'stringliteral' });
    await expect(evaluateJsonataField(value, scope, 'Output')).resolves.toEqual([
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      { input_value: 'stringliteral' },
      { key: true },
    ]);
  });

  it('a direct expression gives any JSON value (output: base_cases[BASE_DIRECT_EXPR], recorded on AWS)', async () => {
    await expect(evaluateJsonataField('{% 3 + 4 %}', scopeOf({}), 'Output')).resolves.toBe(7);
  });

  it('binds $states.input, $states.context, and result / errorOutput only where the scope has them', async () => {
    const scope = scopeOf({ a: 1 }, {}, { result: { b: 2 } });
    await expect(evaluateJsonataField('{% $states.input.a + $states.result.b %}', scope, 'Output')).resolves.toBe(3);
    await expect(evaluateJsonataField('{% $states.context.Execution.Input.a %}', scope, 'Output')).resolves.toBe(1);
    await expect(evaluateJsonataField('{% $exists($states.errorOutput) %}', scope, 'Output')).resolves.toBe(false);
  });

  it('binds every variable in scope as $name (assign_reference_variables, recorded on AWS)', async () => {
    const scope = scopeOf({}, { guess: 'the_guess', answer: 42 });
    await expect(evaluateJsonataField({ result: '{% $guess & "/" & $answer %}' }, scope, 'Output')).resolves.toEqual({
      result: 'the_guess/42',
    });
  });

  it('a regular expression literal works (base_jsonata_regular_expressions[BASE], recorded on AWS)', async () => {
    const expression = '{% $contains("hello$world", /^hello\\$/) %}';
    await expect(evaluateJsonataField(expression, scopeOf({}), 'Output')).resolves.toBe(true);
  });

  it('$merge with dynamic arguments (merge_with_dynamic_args, recorded on AWS)', async () => {
    const expression = '{% $merge([$states.input.part1, $states.input.part2]) %}';
    const input = { part1: { hello: 'world' }, part2: { foo: 'bar' } };
    await expect(evaluateJsonataField(expression, scopeOf(input), 'Output')).resolves.toEqual({
      hello: 'world',
      foo: 'bar',
    });
  });

  it('nothing fails the field (undefined_reference[BASE_UNDEFINED_OUTPUT], recorded on AWS)', async () => {
    const error = await failure(evaluateJsonataField('{% $doesNotExist %}', scopeOf({}), 'Output'));
    expect(error.name).toBe('States.QueryEvaluationError');
    expect(error.message).toBe(
      "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
    );
    expect(error.location).toBe('Output');
  });

  it('nothing in a member names the member (undefined_reference[BASE_UNDEFINED_OUTPUT_FIELD], recorded on AWS)', async () => {
    const error = await failure(evaluateJsonataField({ result: '{% $doesNotExist %}' }, scopeOf({}), 'Output'));
    expect(error.message).toBe(
      "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
    expect(error.location).toBe('Output/result');
  });

  it('an array element is named by its index', async () => {
    const error = await failure(evaluateJsonataField([1, '{% $nothing %}'], scopeOf({}), 'Items'));
    expect(error.location).toBe('Items[1]');
  });

  it('an unknown function throws T1006 (math_random_seeded_jsonata, recorded on AWS)', async () => {
    const scope = scopeOf({ FunctionInput: { fst: 3 } });
    const field = { FunctionResult: '{% $randomSeeded($states.input.FunctionInput.fst) %}' };
    const error = await failure(evaluateJsonataField(field, scope, 'Output'));
    expect(error.message).toBe(
      "The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
  });

  it('$eval is not available: T1006, as AWS answers $eval("1+1")', async () => {
    const error = await failure(evaluateJsonataField('{% $eval("1+1") %}', scopeOf({}), 'Output'));
    expect(error.message).toMatch(/threw an error during evaluation\. T1006: Attempted to invoke a non-function$/);
  });

  it("a type error keeps jsonata's code and message", async () => {
    const error = await failure(evaluateJsonataField('{% $sum("a") %}', scopeOf({}), 'Output'));
    expect(error.message).toMatch(
      /threw an error during evaluation\. T0412: Argument 1 of function "sum" must be an array of "numbers"$/,
    );
  });

  it('a function result is unsupported (map_state_items_eval_jsonata_fail[function], recorded on AWS)', async () => {
    const error = await failure(evaluateJsonataItems('{% $fn := function($x){$x} %}', scopeOf({})));
    expect(error.message).toBe(
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    );
  });
});

describe('evaluateJsonataItems', () => {
  it('evaluates the elements of a literal array (base_map[ITEMS], recorded on AWS)', async () => {
    await expect(evaluateJsonataItems([1, '{% $number("2") %}', 3], scopeOf({}))).resolves.toEqual([1, 2, 3]);
  });

  it.each([
    ['1', 'number', '1'],
    ["'string'", 'string', '"string"'],
    ['true', 'boolean', 'true'],
    ["{'foo': 'bar'}", 'object', '{"foo":"bar"}'],
    ['null', 'null', 'null'],
  ])('refuses %s (map_state_items_eval_jsonata_fail, recorded on AWS)', async (expression, type, shown) => {
    const error = await failure(evaluateJsonataItems(`{% ${expression} %}`, scopeOf({})));
    expect(error.message).toBe(
      `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${shown}`,
    );
  });

  it('names the variable expression (map_state_items_variable_sampling[object], recorded on AWS)', async () => {
    const error = await failure(evaluateJsonataItems('{% $ItemsVar %}', scopeOf({}, { ItemsVar: { foo: 'bar' } })));
    expect(error.message).toBe(
      "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}",
    );
  });
});
