/**
 * JSONata Choice rules: each `Condition` must give a boolean (AWS: "Choice workflow state", Choice
 * Rules (JSONata), https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html). The
 * Conditions are evaluated here with the jsonata library and `$states.input` bound, as the engine's
 * JSONata module will do.
 */
import jsonata from 'jsonata';
import { StateError } from '../../../src/engine/errors';
import { chooseJsonata, decideJsonata } from '../../../src/engine/query/choice';
import type { Json, JsonObject } from '../../../src/engine/query/types';

const evaluateOn =
  (input: Json) =>
  async (condition: Json): Promise<Json | undefined> => {
    const expression = typeof condition === 'string' ? /^\{%([\s\S]*)%\}$/.exec(condition)?.[1] : undefined;
    if (expression === undefined) return condition;
    return (await jsonata(expression).evaluate({}, { states: { input } })) as Json | undefined;
  };

const choose = (state: JsonObject, input: Json) => chooseJsonata(state, evaluateOn(input));

async function failure(run: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof StateError) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error('expected a StateError');
}

describe('JSONata Choice states recorded on AWS', () => {
  const onCondition: JsonObject = {
    Choices: [{ Condition: '{% $states.input.condition %}', Next: 'ConditionTrue' }],
    Default: 'DefaultState',
  };
  const unsorted: JsonObject = {
    Choices: [
      { Condition: '{% $states.input.result.done %}', Next: 'FinishTrue' },
      { Condition: '{% $not($states.input.result.done) %}', Next: 'FinishFalse' },
    ],
  };
  const docsScenario: JsonObject = {
    Choices: [
      { Condition: "{% $not($states.input.type = 'Private') %}", Next: 'Public' },
      { Condition: '{% $states.input.value = 0 %}', Next: 'ValueIsZero' },
      { Condition: '{% $states.input.value >= 20 and $states.input.value < 30 %}', Next: 'ValueInTwenties' },
    ],
    Default: 'DefaultState',
  };

  it('assign_in_choice / output_in_choice [CONDITION_TRUE, CONDITION_FALSE]', async () => {
    expect(await choose(onCondition, { condition: true })).toBe('ConditionTrue');
    expect(await choose(onCondition, { condition: false })).toBe('DefaultState');
  });

  it('choice_unsorted_parameters positive / negative (JSONATA)', async () => {
    expect(await choose(unsorted, { result: { done: true } })).toBe('FinishTrue');
    expect(await choose(unsorted, { result: { done: false } })).toBe('FinishFalse');
  });

  it('choice_condition_constant_jsonata: a literal true Condition', async () => {
    expect(await choose({ Choices: [{ Condition: true, Next: 'ConditionTrue' }], Default: 'DefaultState' }, {})).toBe(
      'ConditionTrue',
    );
  });

  it('choice_aws_docs_scenario (JSONATA)', async () => {
    expect(await choose(docsScenario, { type: 'Private', value: 22 })).toBe('ValueInTwenties');
  });

  it('choice_singleton_composite (JSONATA, LITERAL_JSONATA)', async () => {
    const singleton = {
      Choices: [{ Condition: "{% $states.input.type = 'Public' %}", Next: 'Public' }],
      Default: 'DefaultState',
    };
    const literal = {
      Choices: [{ Next: 'Success', Condition: '{% $states.input.str_value = "string literal" %}' }],
      Default: 'Fail',
    };
    expect(await choose(singleton, { type: 'Public', value: 22 })).toBe('Public');
    expect(await choose(literal, { str_value: 'string literal' })).toBe('Success');
  });

  it('names the rule that matched, whose own Assign / Output apply', async () => {
    const rule = { Condition: '{% true %}', Next: 'B', Assign: { x: 1 } };
    expect(await decideJsonata({ Choices: [{ Condition: false, Next: 'A' }, rule] }, evaluateOn({}))).toEqual({
      next: 'B',
      matched: { rule, index: 1 },
    });
  });
});

describe('a Condition that is not a boolean', () => {
  const state = (condition: Json): JsonObject => ({
    Choices: [
      { Condition: false, Next: 'First' },
      { Condition: condition, Next: 'Second' },
    ],
    Default: 'Fallback',
  });

  it('fails with States.QueryEvaluationError naming the expression, the field, the type and the value', async () => {
    const cases: [Json, string][] = [
      ['{% $states.input.s %}', `'string' for value: "yes"`],
      ['{%  $states.input.n  %}', `'number' for value: 1`],
      ['{% $states.input.o %}', `'object' for value: {"a":[1]}`],
      ['{% $states.input.o.a %}', `'array' for value: [1]`],
    ];
    for (const [condition, tail] of cases) {
      const expression = (condition as string).slice(2, -2).trim();
      expect(await failure(() => choose(state(condition), { s: 'yes', n: 1, o: { a: [1] } }))).toEqual({
        name: 'States.QueryEvaluationError',
        message: `The JSONata expression '${expression}' specified for the field 'Choices[1]/Condition' returned an unexpected result type. Expected 'boolean', but was ${tail}`,
      });
    }
  });

  it('nothing (undefined) fails too, instead of taking the Default', async () => {
    expect(await failure(() => choose(state('{% $states.input.missing %}'), {}))).toEqual({
      name: 'States.QueryEvaluationError',
      message:
        "The JSONata expression '$states.input.missing' specified for the field 'Choices[1]/Condition' returned nothing (undefined).",
    });
  });

  it('a rule after the one that matched is never evaluated', async () => {
    const evaluate = jest.fn(evaluateOn({}));
    const rules = {
      Choices: [
        { Condition: true, Next: 'First' },
        { Condition: '{% $states.input.missing %}', Next: 'Second' },
      ],
    };
    expect(await chooseJsonata(rules, evaluate)).toBe('First');
    expect(evaluate.mock.calls).toEqual([[true, 'Choices[0]/Condition']]);
  });
});
