/**
 * Payload templates: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
 * and Assign in JSONPath states: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
import { applyPayloadTemplate } from '../../../../src/engine/query/jsonpath';
import { scopeOf, thrown } from './scope';

it('`.$` keys take their path or call, other values stay as written, nested objects and arrays walked', () => {
  const scope = scopeOf({ vals: [0, 10, 20, 30, 40, 50], name: 'n' }, { context: { Execution: { Id: 'arn:x' } } });
  const template = {
    flagged: true,
    literal: '$.not.a.path',
    parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' },
    list: [{ 'id.$': '$$.Execution.Id' }, 'plain'],
    'greeting.$': "States.Format('hi {}', $.name)",
  };
  expect(applyPayloadTemplate(template, scope, 'Parameters')).toEqual({
    flagged: true,
    literal: '$.not.a.path',
    parts: { first: 0, last3: [30, 40, 50] },
    list: [{ id: 'arn:x' }, 'plain'],
    greeting: 'hi n',
  });
});

it('variables: reference_assign BASE_REFERENCE_IN_PARAMETERS, `$result` reads the variable, "$result" stays text (recorded on AWS)', () => {
  const scope = scopeOf({}, { variables: { result: 'foobar' } });
  expect(applyPayloadTemplate({ 'result.$': '$result', text: '$result' }, scope, 'Parameters')).toEqual({
    result: 'foobar',
    text: '$result',
  });
});

it('variables: assign_from_value BASE_ASSIGN_FROM_PARAMETERS, Assign reads the Pass result as $ (recorded on AWS)', () => {
  expect(applyPayloadTemplate({ 'result.$': '$.input' }, scopeOf({ input: 'PENDING' }), 'Assign')).toEqual({
    result: 'PENDING',
  });
});

it('variables: reference_in_map_state, a template held in a variable (recorded on AWS)', () => {
  const scope = scopeOf(
    {},
    { variables: { AnswerTemplate: "It's {}!" }, context: { Map: { Item: { Value: 'Pikachu' } } } },
  );
  expect(
    applyPayloadTemplate(
      { 'AnnouncePokemon.$': 'States.Format($AnswerTemplate, $$.Map.Item.Value)' },
      scope,
      'ItemSelector',
    ),
  ).toEqual({ AnnouncePokemon: "It's Pikachu!" });
});

it('paths: invalid_jsonpath INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH (recorded on AWS)', () => {
  expect(
    thrown(() =>
      applyPayloadTemplate({ 'value.$': '$.no_such_jsonpath' }, scopeOf({ 'int-literal': 0 }), 'Parameters'),
    ),
  ).toEqual({
    name: 'States.Runtime',
    message:
      "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
  });
});

it('a `.$` key whose value is not a string fails as AWS words it', () => {
  expect(thrown(() => applyPayloadTemplate({ 'arrayField.$': ['$.a'] }, scopeOf({}), 'Parameters'))).toEqual({
    name: 'States.Runtime',
    message: "The value for the field 'arrayField.$' must be a STRING that contains a JSONPath but was an ARRAY",
  });
  expect(thrown(() => applyPayloadTemplate({ 'n.$': 1 }, scopeOf({}), 'Parameters')).message).toMatch(
    /but was a NUMBER$/,
  );
});

it('a `.$` value that is neither a path nor a call fails', () => {
  expect(thrown(() => applyPayloadTemplate({ 'a.$': 'hello' }, scopeOf({}), 'Parameters')).name).toBe('States.Runtime');
});

it('the template is not mutated and scalars pass through', () => {
  const template = { 'a.$': '$.x' };
  applyPayloadTemplate(template, scopeOf({ x: 1 }), 'Parameters');
  expect(template).toEqual({ 'a.$': '$.x' });
  expect(applyPayloadTemplate('text', scopeOf({}), 'Parameters')).toBe('text');
});
