/**
 * The Choice state's JSONPath rules (AWS: "Choice workflow state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html). Every Choice execution
 * recorded on AWS (fixtures/choice-recorded.json) is decided here and must go where AWS went.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StateError } from '../../../src/engine/errors';
import {
  NO_NEXT_STATE,
  chooseJsonPath,
  decideJsonPath,
  invalidChoicePath,
  ruleMatches,
} from '../../../src/engine/query/choice';
import type { Json, JsonObject } from '../../../src/engine/query/types';
import { definitePathReader } from './support/definite-path';

interface Recorded {
  states: JsonObject[];
  cases: { name: string; state: number; input: Json; next: string }[];
}
const recorded = JSON.parse(
  readFileSync(path.join(__dirname, '../../fixtures/choice-recorded.json'), 'utf8'),
) as Recorded;

/** A Choice state with one rule going to 'Matched', and a Default 'Other' unless told otherwise. */
const choice = (rule: JsonObject, withDefault = true): JsonObject => ({
  Choices: [{ ...rule, Next: 'Matched' }],
  ...(withDefault ? { Default: 'Other' } : {}),
});
const decide = (rule: JsonObject, input: Json) => chooseJsonPath(choice(rule), definitePathReader(input));

/** The StateError `run` throws, as `{ name, message }`. */
function failure(run: () => unknown): { name: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof StateError) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error('expected a StateError');
}

describe('every Choice execution recorded on AWS', () => {
  it('holds the 496 recorded cases', () => {
    expect(recorded.cases).toHaveLength(496);
  });

  it.each(recorded.cases)('$name goes to $next (recorded on AWS)', ({ state, input, next }) => {
    const read = definitePathReader(input, { Execution: { Input: input } });
    expect(chooseJsonPath(recorded.states[state] as JsonObject, read)).toBe(next);
  });
});

describe('variables in rules (recorded on AWS, variables area)', () => {
  it('assign_reference_variables.reference_assign: $guess StringEqualsPath $answer', () => {
    const state = {
      Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'CorrectAnswer' }],
      Default: 'WrongAnswer',
    };
    const first = definitePathReader({}, {}, { guess: 'the_guess', answer: 'the_answer' });
    const second = definitePathReader({}, {}, { guess: 'the_answer', answer: 'the_answer' });
    expect([chooseJsonPath(state, first), chooseJsonPath(state, second)]).toEqual(['WrongAnswer', 'CorrectAnswer']);
  });

  it('assign_in_choice_state: "42" is not NumericEquals 42, so the Default (and its Assign) applies', () => {
    const numericRule = {
      Variable: '$.input_value',
      NumericEquals: 42,
      Assign: { status: 'CORRECT' },
      Next: 'FinalState',
    };
    const state: JsonObject = {
      Choices: [
        { Variable: '$.input_value', IsPresent: false, Assign: { status: 'UNKNOWN' }, Next: 'FinalState' },
        numericRule,
      ],
      Assign: { status: 'INCORRECT' },
      Default: 'FinalState',
    };
    expect(decideJsonPath(state, definitePathReader({ input_value: '42' }))).toEqual({ next: 'FinalState' });
    expect(decideJsonPath(state, definitePathReader({ input_value: 42 }))).toEqual({
      next: 'FinalState',
      matched: { rule: numericRule, index: 1 },
    });
  });
});

describe('a path that is not there', () => {
  it('a missing Variable fails with States.Runtime, even with a Default', () => {
    expect(failure(() => decide({ Variable: '$.missing', BooleanEquals: true }, { a: 1 }))).toEqual({
      name: 'States.Runtime',
      message: "Invalid path '$.missing': The choice state's condition path references an invalid value.",
    });
  });

  it('so does the missing path of a …Path operator', () => {
    expect(failure(() => decide({ Variable: '$.a', NumericEqualsPath: '$.b' }, { a: 1 }))).toEqual({
      name: 'States.Runtime',
      message: invalidChoicePath('$.b'),
    });
  });

  it('a type test on a missing Variable fails too; only IsPresent tests for it', () => {
    expect(failure(() => decide({ Variable: '$.x', IsNull: false }, {})).name).toBe('States.Runtime');
    expect(decide({ Variable: '$.x', IsPresent: false }, {})).toBe('Matched');
    expect(decide({ Variable: '$.x', IsPresent: true }, {})).toBe('Other');
    expect(decide({ Variable: '$.x', IsPresent: true }, { x: null })).toBe('Matched');
  });

  it('And stops at the first false rule, so IsPresent guards the next one (the docs page example)', () => {
    const rule: JsonObject = {
      And: [
        { Variable: '$.keyThatMightNotExist', IsPresent: true },
        { Variable: '$.keyThatMightNotExist', StringEquals: 'foo' },
      ],
    };
    expect(decide(rule, {})).toBe('Other');
    expect(decide(rule, { keyThatMightNotExist: 'foo' })).toBe('Matched');
  });

  it('Or stops at the first true rule; rules after the matching one are not evaluated', () => {
    const or: JsonObject = {
      Or: [
        { Variable: '$.a', IsPresent: true },
        { Variable: '$.missing', IsNull: true },
      ],
    };
    expect(decide(or, { a: 1 })).toBe('Matched');
    const state = {
      Choices: [
        { Variable: '$.a', NumericEquals: 1, Next: 'First' },
        { Variable: '$.missing', NumericEquals: 1, Next: 'Second' },
      ],
    };
    expect(chooseJsonPath(state, definitePathReader({ a: 1 }))).toBe('First');
  });
});

describe('no rule matched', () => {
  it('takes the Default', () => {
    expect(decide({ Variable: '$.n', NumericEquals: 2 }, { n: 1 })).toBe('Other');
  });

  it('without a Default, fails with a failure to transition out of the state', () => {
    const state = choice({ Variable: '$.n', NumericEquals: 2 }, false);
    expect(failure(() => chooseJsonPath(state, definitePathReader({ n: 1 })))).toEqual({
      name: NO_NEXT_STATE.error,
      message: NO_NEXT_STATE.cause,
    });
    expect(NO_NEXT_STATE).toEqual({
      error: 'States.Runtime',
      cause: 'Failed to transition out of the state. The state does not point to a next state.',
    });
  });
});

describe('operators', () => {
  const read = definitePathReader({ s: 'log-2026.txt', n: 20, t: '2016-08-18T17:33:00Z', b: true, o: { k: [1] } });
  const holds = (rule: JsonObject) => ruleMatches(rule, read);

  it('StringMatches: * is the only wildcard; \\* and \\\\ are literal; ? matches itself', () => {
    const cases: [string, string, boolean][] = [
      ['log-*.txt', 'log-2026.txt', true],
      ['log-*.txt', 'log-.txt', true],
      ['*.log', 'a.txt', false],
      ['*', '', true],
      ['log-?.txt', 'log-1.txt', false],
      ['log-?.txt', 'log-?.txt', true],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axxb', false],
      ['a\\\\*', 'a\\bc', true],
      ['a.c', 'abc', false],
      ['(x)+', '(x)+', true],
    ];
    for (const [pattern, value, matched] of cases) {
      expect({
        pattern,
        value,
        matched: decide({ Variable: '$.v', StringMatches: pattern }, { v: value }) === 'Matched',
      }).toEqual({ pattern, value, matched });
    }
    expect(holds({ Variable: '$.n', StringMatches: '*' })).toBe(false);
  });

  it('Not and nesting', () => {
    expect(holds({ Not: { Variable: '$.n', NumericLessThan: 10 } })).toBe(true);
    expect(
      holds({
        And: [{ Variable: '$.n', NumericGreaterThanEquals: 20 }, { Not: { Variable: '$.b', BooleanEquals: false } }],
      }),
    ).toBe(true);
    expect(
      holds({ Or: [{ Variable: '$.s', StringEquals: 'x' }, { And: [{ Variable: '$.o.k[0]', NumericEquals: 1 }] }] }),
    ).toBe(true);
  });

  it('type tests with true and with false', () => {
    expect(holds({ Variable: '$.t', IsTimestamp: true })).toBe(true);
    expect(holds({ Variable: '$.s', IsTimestamp: false })).toBe(true);
    expect(holds({ Variable: '$.o', IsString: false })).toBe(true);
    expect(holds({ Variable: '$.b', IsBoolean: true })).toBe(true);
  });

  it('Timestamp operators compare instants, across offsets and fractions', () => {
    const at = (left: string, rule: JsonObject) =>
      ruleMatches({ Variable: '$.v', ...rule }, definitePathReader({ v: left }));
    expect(at('2012-10-09T20:00:55+01:00', { TimestampEquals: '2012-10-09T19:00:55Z' })).toBe(true);
    expect(at('2012-10-09T19:00:55.5Z', { TimestampGreaterThan: '2012-10-09T19:00:55.499999999Z' })).toBe(true);
    expect(at('2012-10-09T19:00:55.000Z', { TimestampLessThanEquals: '2012-10-09T19:00:55Z' })).toBe(true);
    expect(at('2012-10-09T19:00:55', { TimestampEquals: '2012-10-09T19:00:55Z' })).toBe(false);
    expect(at('2012-10-09T19:00:55Z', { TimestampEquals: 'yesterday' })).toBe(false);
  });

  it('String operators compare by UTF-16 code unit; type mismatches are false on every family', () => {
    expect(holds({ Variable: '$.s', StringLessThan: 'log-3' })).toBe(true);
    expect(holds({ Variable: '$.s', StringGreaterThan: 'Log' })).toBe(true);
    expect(holds({ Variable: '$.n', StringEquals: '20' })).toBe(false);
    expect(holds({ Variable: '$.s', NumericLessThan: 100 })).toBe(false);
    expect(holds({ Variable: '$.n', TimestampLessThan: '2016-08-18T17:33:00Z' })).toBe(false);
    expect(holds({ Variable: '$.b', BooleanEqualsPath: '$.n' })).toBe(false);
  });

  it('a rule without an operator is refused, not silently false', () => {
    expect(failure(() => holds({ Variable: '$.n', Next: 'X' })).message).toMatch(/^Malformed Choice rule/);
  });
});
