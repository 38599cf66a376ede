/**
 * Paths of JSONPath states: https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html,
 * the context object (input-output-contextobject.html) and variables (workflow-variables.html).
 */
import { CHOICE_FIELD, readPath, tryReadPath } from '../../../../src/engine/query/jsonpath';
import { scopeOf, thrown } from './scope';

const users = {
  users: [
    { year: 1997, status: 0 },
    { year: 1998, status: 1 },
  ],
};

describe('definite paths', () => {
  it('$ is the input, $$ the context object, $.a.b and [n] the node they name', () => {
    const scope = scopeOf({ a: { b: [10, 20] } }, { context: { Execution: { Name: 'run-1' } } });
    expect(readPath('$', scope)).toEqual({ a: { b: [10, 20] } });
    expect(readPath('$.a.b[1]', scope)).toBe(20);
    expect(readPath("$['a']['b'][0]", scope)).toBe(10);
    expect(readPath('$$', scope)).toEqual({ Execution: { Name: 'run-1' } });
    expect(readPath('$$.Execution.Name', scope)).toBe('run-1');
  });

  it('paths: json_path_array_access $.items[10] (recorded on AWS)', () => {
    const items = Array.from({ length: 11 }, (_, key) => ({ item_key: key }));
    expect(readPath('$.items[10]', scopeOf({ items }))).toEqual({ item_key: 10 });
  });

  it('paths: escape_sequence_parsing, a quoted name is read literally (recorded on AWS)', () => {
    const input = { 'Test\\""Name"': 'Value"\\' };
    expect(readPath(`$['Test\\""Name"']`, scopeOf(input))).toBe('Value"\\');
  });

  it('paths: invalid_jsonpath in InputPath and OutputPath (recorded on AWS)', () => {
    const scope = scopeOf({ 'int-literal': 0 });
    expect(thrown(() => readPath('$.NoSuchInputPath', scope))).toEqual({
      name: 'States.Runtime',
      message: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
    });
    expect(thrown(() => readPath('$.NoSuchOutputPath', scope, 'OutputPath')).message).toBe(
      "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']",
    );
  });

  it('a missing member before the last step is named as such', () => {
    expect(thrown(() => readPath('$.a.b', scopeOf({}))).message).toBe(
      "Invalid path '$.a.b' : Missing property in path $['a']",
    );
    expect(thrown(() => readPath('$.a[3]', scopeOf({ a: [1] }))).message).toBe(
      "Invalid path '$.a[3]' : No results for path: $['a'][3]",
    );
  });

  it('paths: invalid_jsonpath in ErrorPath, CausePath and a `.$` key (recorded on AWS)', () => {
    const scope = scopeOf({ Error: 'error-value' });
    expect(thrown(() => readPath('$.ErrorX', scope, 'ErrorPath'))).toEqual({
      name: 'States.Runtime',
      message:
        "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"error-value\"}'",
    });
    expect(thrown(() => readPath('$$.Execution.Input.no_such_jsonpath', scope, 'value.$')).message).toMatch(
      /^The JSONPath '\$\$\.Execution\.Input\.no_such_jsonpath' specified for the field 'value\.\$' could not be found in the input/,
    );
  });

  it("a Choice rule's missing path fails with the Choice wording", () => {
    expect(thrown(() => readPath('$.approved', scopeOf({ status: 'PENDING' }), CHOICE_FIELD))).toEqual({
      name: 'States.Runtime',
      message: "Invalid path '$.approved': The choice state's condition path references an invalid value.",
    });
  });

  it('a path through a string or a length-like property names nothing', () => {
    expect(tryReadPath('$.a.b', scopeOf({ a: 'text' }))).toEqual({ found: false });
    expect(tryReadPath('$.a.length', scopeOf({ a: [1, 2] }))).toEqual({ found: false });
  });
});

describe('indefinite paths', () => {
  it('paths: state_pass_regex_json_path_base, a filter (recorded on AWS)', () => {
    expect(readPath('$.users[?(@.status == 0)]', scopeOf(users))).toEqual([{ year: 1997, status: 0 }]);
  });

  it.each(['$[*]', '$.items[*]', '$.items[1:]', '$.items[:1]', '$.item.items[1:5]', '$.items[*].itemValue'])(
    'paths: json_path_array_wildcard_or_slice_with_no_input %s gives [] (recorded on AWS)',
    (path) => {
      expect(readPath(path, scopeOf({}))).toEqual([]);
    },
  );

  it('wildcards, slices and recursive descent give lists', () => {
    expect(readPath('$.users[*].year', scopeOf(users))).toEqual([1997, 1998]);
    expect(readPath('$.users[1:]', scopeOf(users))).toEqual([{ year: 1998, status: 1 }]);
    expect(readPath('$..status', scopeOf(users))).toEqual([0, 1]);
    expect(readPath('$.users[0:1].year', scopeOf(users))).toEqual([1997]);
  });

  it('a filter jsonpath-plus cannot evaluate is refused with States.Runtime, not half-read', () => {
    expect(thrown(() => readPath('$.users[?(@.year in [1997])]', scopeOf(users))).name).toBe('States.Runtime');
    expect(tryReadPath('$.users[?(@.year in [1997])]', scopeOf(users))).toEqual({ found: false });
  });

  it('an indefinite path on a scalar gives []', () => {
    expect(readPath('$[*]', scopeOf('text'))).toEqual([]);
  });
});

describe('variables', () => {
  const scope = scopeOf({}, { variables: { theAnswer: 42, items: [1, 2, 3], order: { lines: [{ sku: 'a' }] } } });

  it('variables: reference_assign BASE_REFERENCE_IN_INPUTPATH, $theAnswer (recorded on AWS)', () => {
    expect(readPath('$theAnswer', scope)).toBe(42);
  });

  it('$var.field, $var[n] and $var[*] read inside the variable', () => {
    expect(readPath('$order.lines[0].sku', scope)).toBe('a');
    expect(readPath('$items[2]', scope)).toBe(3);
    expect(readPath('$order.lines[*].sku', scope)).toEqual(['a']);
  });

  it('an undefined variable is not present, and fails a Choice rule', () => {
    expect(tryReadPath('$flag', scope)).toEqual({ found: false });
    expect(thrown(() => readPath('$flag', scope, CHOICE_FIELD)).message).toBe(
      "Invalid path '$flag': The choice state's condition path references an invalid value.",
    );
  });
});

describe('IsPresent', () => {
  it('tells present (null included) from missing', () => {
    const scope = scopeOf({ a: null, list: [] });
    expect(tryReadPath('$.a', scope)).toEqual({ found: true, value: null });
    expect(tryReadPath('$.b', scope)).toEqual({ found: false });
    expect(tryReadPath('$.list[*]', scope)).toEqual({ found: true, value: [] });
    expect(tryReadPath('not a path', scope)).toEqual({ found: false });
  });
});
