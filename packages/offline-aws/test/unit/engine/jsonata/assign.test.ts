/**
 * Assign (src/engine/query/jsonata/assign.ts) and the variable rules both languages share
 * (src/engine/query/variables.ts): workflow-variables.html and AWS's recorded answers.
 */
import { evaluateAssign, JsonataFieldError } from '../../../../src/engine/query/jsonata';
import {
  assignNameIssues,
  checkAssignedSizes,
  checkExecutionVariablesSize,
  MAX_VARIABLE_BYTES,
  variableNameIssue,
} from '../../../../src/engine/query/variables';
import { StateError } from '../../../../src/engine/errors';
import { scopeOf } from './scope';

describe('evaluateAssign', () => {
  it('evaluates every value against the values on state entry (workflow-variables.html, "Evaluation order")', async () => {
    const assign = { x: '{% $a %}', nextX: '{% $x %}', literal: [1, '{% $a * 2 %}'] };
    await expect(evaluateAssign(assign, scopeOf({}, { x: 3, a: 6 }), 'JSONata')).resolves.toEqual({
      x: 6,
      nextX: 3,
      literal: [1, 12],
    });
  });

  it('nothing fails the state at Assign/<name> (undefined_reference[BASE_UNDEFINED_ASSIGN], recorded on AWS)', async () => {
    const run = evaluateAssign({ result: '{% $doesNotExist %}' }, scopeOf({}), 'JSONata');
    await expect(run).rejects.toBeInstanceOf(JsonataFieldError);
    await expect(run).rejects.toThrow(
      "The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined).",
    );
  });

  it("hands a JSONPath Assign to the JSONPath evaluator and names variables without '.$'", async () => {
    const jsonPath = jest.fn(() => ({ 'total.$': 5, plain: 'x' }));
    const scope = scopeOf({ total: 5 });
    await expect(evaluateAssign({ 'total.$': '$.total', plain: 'x' }, scope, 'JSONPath', jsonPath)).resolves.toEqual({
      total: 5,
      plain: 'x',
    });
    expect(jsonPath).toHaveBeenCalledWith({ 'total.$': '$.total', plain: 'x' }, scope);
  });

  it('refuses values over the quota', async () => {
    const big = 'x'.repeat(MAX_VARIABLE_BYTES);
    const run = evaluateAssign({ big: '{% $states.input %}' }, scopeOf(big), 'JSONata');
    await expect(run).rejects.toBeInstanceOf(StateError);
    await expect(run).rejects.toMatchObject({ name: 'States.DataLimitExceeded' });
  });
});

describe('variable names (workflow-variables.html, "Variable name syntax")', () => {
  it('takes Unicode identifiers up to 80 characters', () => {
    expect(variableNameIssue('desiredPrice')).toBeUndefined();
    expect(variableNameIssue('prix_été2')).toBeUndefined();
    expect(variableNameIssue('この日本語の変数名')).toBeUndefined();
    expect(variableNameIssue('a'.repeat(80))).toBeUndefined();
    expect(variableNameIssue('a'.repeat(81))).toMatch(/longer than 80 characters/);
  });

  it('refuses $states, parts of a variable and names that do not start with a letter', () => {
    expect(variableNameIssue('states')).toMatch(/reserved/);
    expect(variableNameIssue('x.y')).toMatch(/not an identifier/);
    expect(variableNameIssue('x[2]')).toMatch(/not an identifier/);
    expect(variableNameIssue('1st')).toMatch(/not an identifier/);
    expect(variableNameIssue('_hidden')).toMatch(/not an identifier/);
  });

  it("checks an Assign's keys, a JSONPath key without its '.$'", () => {
    expect(assignNameIssues({ 'ok.$': '$.a', 'bad-name': 1, fine: 2 })).toEqual([
      "The variable name 'bad-name' is not an identifier: it must start with a letter and continue with letters, digits or underscores",
    ]);
  });
});

describe('variable sizes (workflow-variables.html, "Limits")', () => {
  it('a variable holds up to 256 KiB, one Assign up to 256 KiB together', () => {
    const half = 'x'.repeat(MAX_VARIABLE_BYTES / 2 - 2);
    expect(checkAssignedSizes({ a: half, b: half })).toBe(MAX_VARIABLE_BYTES);
    expect(() => checkAssignedSizes({ a: 'x'.repeat(MAX_VARIABLE_BYTES) })).toThrow(/variable 'a' is 262146 bytes/);
    expect(() => checkAssignedSizes({ a: half, b: half, c: 1 })).toThrow(/one Assign field are 262145 bytes/);
  });

  it('an execution holds up to 10 MiB of variables', () => {
    expect(() => checkExecutionVariablesSize(10_485_760)).not.toThrow();
    expect(() => checkExecutionVariablesSize(10_485_761)).toThrow(StateError);
  });
});
