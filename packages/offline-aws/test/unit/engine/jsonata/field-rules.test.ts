/**
 * Definition-time rules (src/engine/query/jsonata/field-rules.ts, validate.ts) and the checks of
 * an evaluated field's value (field-results.ts): transforming-data.html and AWS's recorded answers.
 */
import {
  checkJsonataFieldResult,
  jsonataFieldIssues,
  topLevelReference,
  validateJsonataExpression,
} from '../../../../src/engine/query/jsonata';

describe('validateJsonataExpression', () => {
  it("gives the parser's message without its code", () => {
    expect(validateJsonataExpression('$states.input.a + 1')).toBeUndefined();
    expect(validateJsonataExpression('1 +')).toBe('Unexpected end of expression');
    expect(validateJsonataExpression('a[1,2)')).toBe('Expected "]", got ","');
  });

  it('refuses the ?? and ?: operators JSONata 2.0.6 does not have, as 2.0.6 does', () => {
    expect(validateJsonataExpression('$x ?? 1')).toBe('The symbol "?" cannot be used as a unary operator');
    expect(validateJsonataExpression('$x ?: 1')).toBe('The symbol ":" cannot be used as a unary operator');
    expect(validateJsonataExpression("$x ? 'a' : 'b'")).toBeUndefined();
    expect(validateJsonataExpression("'??' & '?:'")).toBeUndefined();
  });

  it('finds a field read from the top level, not one read in a predicate or lambda', () => {
    expect(topLevelReference('phone.number')).toBe('phone');
    expect(topLevelReference('$count(items)')).toBe('items');
    expect(topLevelReference('$states.input.items[price > 10].name')).toBeUndefined();
    expect(topLevelReference('$map($states.input, function($v) { $v.a })')).toBeUndefined();
  });
});

describe('jsonataFieldIssues', () => {
  it('refuses a JSONPath state inside a JSONata machine (INVALID_DOWNGRADE_QUERY_LANGUAGE, recorded on AWS)', () => {
    expect(
      jsonataFieldIssues({ Type: 'Pass', QueryLanguage: 'JSONPath', End: true }, 'JSONata', '/States/Pass'),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/Pass",
    ]);
  });

  it('accepts a JSONata state inside a JSONPath machine (query_language_field_override, recorded on AWS)', () => {
    const state = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input %}', End: true };
    expect(jsonataFieldIssues(state, 'JSONPath', '/States/Pass')).toEqual([]);
  });

  it('refuses JSONPath fields in a JSONata state, and JSONata fields in a JSONPath one', () => {
    const jsonata = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {},
      ResultPath: '$.r',
      End: true,
    };
    expect(jsonataFieldIssues(jsonata, 'JSONata', '/States/T')).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage at /States/T/Parameters",
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage at /States/T/ResultPath",
    ]);
    const choice = { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'A' }], Default: 'A' };
    expect(jsonataFieldIssues(choice, 'JSONPath', '/States/C')).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage at /States/C/Choices/0/Condition",
    ]);
  });

  it("refuses a JSONPath Choice rule in a JSONata state, and checks a Catcher's fields", () => {
    const choice = { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 1, Next: 'A' }], Default: 'A' };
    expect(jsonataFieldIssues(choice, 'JSONata', '/States/C')).toHaveLength(2);
    const task = {
      Type: 'Task',
      Resource: 'x',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'A' }],
      End: true,
    };
    expect(jsonataFieldIssues(task, 'JSONata', '/States/T')).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage at /States/T/Catch/0/ResultPath",
    ]);
  });

  it('parses every expression of a JSONata state, at its JSON pointer', () => {
    const state = {
      Type: 'Pass',
      Output: { v: '{% 1 + %}', w: '{% phone %}', x: ' {% not jsonata %}', y: '{% $x' },
      Assign: { 'bad name': 1 },
      End: true,
    };
    expect(jsonataFieldIssues(state, 'JSONata', '/States/E')).toEqual([
      'INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/E/Output/v',
      "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported. at /States/E/Output/w",
      "INVALID_JSONATA_EXPRESSION: A JSONata expression must start with '{%' and end with '%}' at /States/E/Output/y",
      "SCHEMA_VALIDATION_FAILED: The variable name 'bad name' is not an identifier: it must start with a letter and continue with letters, digits or underscores at /States/E/Assign",
    ]);
  });
});

describe('checkJsonataFieldResult', () => {
  it.each([
    '2016-12-05 21:29:29Z',
    '2016-12-05T21:29:29',
    '2016-13-05T21:29:29Z',
    '2016-12-05T25:29:29Z',
    '05-12-2016T21:29:29Z',
  ])('refuses the Timestamp %s (wait_timestamp_jsonata, recorded on AWS)', (value) => {
    expect(() => checkJsonataFieldResult('Timestamp', '$states.input.TimestampValue', value)).toThrow(
      `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${value}`,
    );
  });

  it('takes a Timestamp to the nanosecond, or with an offset (wait_timestamp_jsonata[NANOSECONDS], recorded on AWS)', () => {
    expect(checkJsonataFieldResult('Timestamp', 'x', '2016-03-14T01:59:00.123456789Z')).toBe(
      '2016-03-14T01:59:00.123456789Z',
    );
    expect(checkJsonataFieldResult('Timestamp', 'x', '2016-03-14T01:59:00+02:00')).toBe('2016-03-14T01:59:00+02:00');
  });

  it('checks the type and range of the other fields', () => {
    expect(checkJsonataFieldResult('Seconds', '$s', 0)).toBe(0);
    expect(() => checkJsonataFieldResult('Seconds', '$s', 1.5)).toThrow(
      "The JSONata expression '$s' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was 'number' for value: 1.5",
    );
    expect(() => checkJsonataFieldResult('TimeoutSeconds', '$t', 0)).toThrow(
      /out of range\. Expected an integer of at least 1, but was 0$/,
    );
    expect(() => checkJsonataFieldResult('Condition', '$c', 'yes')).toThrow(/Expected 'boolean', but was 'string'/);
    expect(() => checkJsonataFieldResult('ToleratedFailurePercentage', '$p', 100.1)).toThrow(/from 0 to 100/);
    expect(checkJsonataFieldResult('Output', '$o', 'anything')).toBe('anything');
  });
});
