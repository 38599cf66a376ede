/** ResultPath: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
import { applyResultPath } from '../../../../src/engine/query/jsonpath';
import { thrown } from './scope';

const input = { comment: 'This is a test', details: { who: 'Step Functions' } };

it('no ResultPath, or $, replaces the input with the result', () => {
  expect(applyResultPath(undefined, input, 'Hello')).toBe('Hello');
  expect(applyResultPath('$', input, { a: 1 })).toEqual({ a: 1 });
});

it('null discards the result and keeps the input', () => {
  expect(applyResultPath(null, input, 'Hello')).toBe(input);
});

it('a path sets the result there, creating the objects on the way, without touching the input', () => {
  const output = applyResultPath('$.taskresult.deep', input, { ok: true });
  expect(output).toEqual({ ...input, taskresult: { deep: { ok: true } } });
  expect(input).not.toHaveProperty('taskresult');
  expect(applyResultPath("$['details']['who']", input, 'me')).toEqual({ ...input, details: { who: 'me' } });
});

it('an index of an existing array is replaced', () => {
  expect(applyResultPath('$.list[1]', { list: [0, 0] }, 7)).toEqual({ list: [0, 7] });
});

it('into a string fails with States.ResultPathMatchFailure and the input quoted', () => {
  expect(thrown(() => applyResultPath('$.someTaskResult', 'input1', 1))).toEqual({
    name: 'States.ResultPathMatchFailure',
    message: 'Unable to apply ReferencePath $.someTaskResult to input "input1"',
  });
  expect(thrown(() => applyResultPath('$.a.b', { a: 5 }, 1)).name).toBe('States.ResultPathMatchFailure');
  expect(thrown(() => applyResultPath('$.list[5]', { list: [] }, 1)).name).toBe('States.ResultPathMatchFailure');
});

it('a path that is not a Reference Path on $ is refused', () => {
  expect(thrown(() => applyResultPath('$.items[*]', input, 1)).name).toBe('States.Runtime');
  expect(thrown(() => applyResultPath('$$.Execution', input, 1)).name).toBe('States.Runtime');
});
