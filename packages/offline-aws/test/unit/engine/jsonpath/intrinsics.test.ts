/**
 * Intrinsic functions at their edges: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 * (each function's "Input validation").
 */
import { evaluateIntrinsic, parseIntrinsic } from '../../../../src/engine/query/jsonpath';
import type { Json } from '../../../../src/engine/query/types';
import { scopeOf, thrown } from './scope';

const evaluate = (expression: string, input: Json = {}) =>
  evaluateIntrinsic(expression, scopeOf(input, { variables: { v: [1, 2, 2, 3] } }));

describe('syntax', () => {
  it("string literals read \\', \\{, \\} and \\\\ as the character", () => {
    expect(evaluate("States.Format('It\\'s \\{{}\\} \\\\ ok', 'x')")).toBe("It's {x} \\ ok");
    expect(evaluate("States.Array('a,b', 'c)')")).toEqual(['a,b', 'c)']);
  });

  it('numbers, booleans, null, paths with commas inside brackets, nested calls', () => {
    expect(evaluate("States.Array(1, -2.5, true, false, null, $['a,b'], $v)", { 'a,b': 'x' })).toEqual([
      1,
      -2.5,
      true,
      false,
      null,
      'x',
      [1, 2, 2, 3],
    ]);
    expect(evaluate('States.ArrayLength(States.ArrayUnique($v))')).toBe(3);
  });

  it('ten nested calls are allowed, eleven fail', () => {
    const nest = (depth: number) => 'States.Array('.repeat(depth) + ')'.repeat(depth);
    expect(() => parseIntrinsic(nest(10))).not.toThrow();
    expect(thrown(() => evaluate(nest(11)))).toEqual({
      name: 'States.IntrinsicFailure',
      message: expect.stringContaining('nest deeper than 10') as string,
    });
  });

  it('malformed calls and unknown functions fail with States.IntrinsicFailure', () => {
    for (const expression of ["States.Array('a'", 'States.Array(1) x', 'States.Array(bad)', 'States.Nope(1)'])
      expect(thrown(() => evaluate(expression)).name).toBe('States.IntrinsicFailure');
  });

  it('a path argument that names nothing fails as any payload path does', () => {
    expect(thrown(() => evaluate('States.Array($.missing)'))).toMatchObject({ name: 'States.Runtime' });
  });
});

describe('arrays', () => {
  it('States.ArrayGetItem out of range fails instead of giving null', () => {
    expect(evaluate('States.ArrayGetItem($v, 3)')).toBe(3);
    expect(thrown(() => evaluate('States.ArrayGetItem($v, 4)'))).toEqual({
      name: 'States.IntrinsicFailure',
      message: 'Invalid arguments in States.ArrayGetItem: the index 4 is out of bounds for an array of 4 items',
    });
    expect(thrown(() => evaluate('States.ArrayGetItem($v, -1)')).name).toBe('States.IntrinsicFailure');
    expect(thrown(() => evaluate('States.ArrayGetItem($v, 1.5)')).name).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayRange: integers, a non-zero step, at most 1000 items, descending steps', () => {
    expect(evaluate('States.ArrayRange(10, 1, -3)')).toEqual([10, 7, 4, 1]);
    expect(evaluate('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
    expect(thrown(() => evaluate('States.ArrayRange(1, 1001, 1)')).name).toBe('States.IntrinsicFailure');
    expect(thrown(() => evaluate('States.ArrayRange(1, 5, 0)')).name).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayPartition needs a positive chunk size; ArrayContains and ArrayUnique compare structurally', () => {
    expect(thrown(() => evaluate('States.ArrayPartition($v, 0)')).name).toBe('States.IntrinsicFailure');
    expect(evaluate('States.ArrayContains($.a, $.b)', { a: [{ x: 1, y: 2 }], b: { y: 2, x: 1 } })).toBe(true);
    expect(evaluate('States.ArrayUnique($.a)', { a: [{ x: 1 }, { x: 1 }, [1], [1], 1] })).toEqual([{ x: 1 }, [1], 1]);
  });
});

describe('math', () => {
  it('States.MathAdd rounds each argument and gives an integer', () => {
    expect(evaluate('States.MathAdd(59, 4.3)')).toBe(63);
    expect(evaluate('States.MathAdd(-0.5, 0)')).toBe(0);
    expect(thrown(() => evaluate('States.MathAdd(2147483648, 0)')).name).toBe('States.IntrinsicFailure');
    expect(thrown(() => evaluate("States.MathAdd('1', 2)")).name).toBe('States.IntrinsicFailure');
  });

  it('States.MathRandom never reaches its end, and unseeded calls differ', () => {
    const draws = Array.from({ length: 400 }, () => evaluate('States.MathRandom(0, 2)') as number);
    expect(new Set(draws)).toEqual(new Set([0, 1]));
    const wide = Array.from({ length: 5 }, () => evaluate('States.MathRandom(0, 1000000000)'));
    expect(new Set(wide).size).toBeGreaterThan(1);
  });

  it('States.MathRandom with a seed repeats, and rounds its bounds', () => {
    expect(evaluate('States.MathRandom(0, 999, 3)')).toBe(evaluate('States.MathRandom(0, 999, 3)'));
    expect(evaluate('States.MathRandom(0.6, 1.6)')).toBe(1);
    expect(thrown(() => evaluate('States.MathRandom(5, 5)')).name).toBe('States.IntrinsicFailure');
  });
});

describe('strings, JSON, encodings', () => {
  it('States.StringSplit treats each character of the second argument as a delimiter', () => {
    expect(evaluate("States.StringSplit('a.b+c,,d', '.+,')")).toEqual(['a', 'b', 'c', 'd']);
  });

  it('States.Format needs as many values as {}; objects and arrays print as AWS prints them', () => {
    expect(evaluate("States.Format('{} {}', $.o, $.l)", { o: { a: 'x', b: [1, { c: null }] }, l: ['s', 2] })).toBe(
      '{a=x, b=[1, {c=null}]} [s, 2]',
    );
    expect(thrown(() => evaluate("States.Format('{} {}', 1)")).name).toBe('States.IntrinsicFailure');
    expect(thrown(() => evaluate("States.Format('{}', 1, 2)")).name).toBe('States.IntrinsicFailure');
  });

  it('States.StringToJson fails on text that is not JSON; JsonMerge merges shallowly only', () => {
    expect(thrown(() => evaluate("States.StringToJson('{nope')")).name).toBe('States.IntrinsicFailure');
    expect(evaluate('States.JsonMerge($.a, $.b, false)', { a: { x: { y: 1 } }, b: { x: { z: 2 } } })).toEqual({
      x: { z: 2 },
    });
    expect(thrown(() => evaluate('States.JsonMerge($.a, $.b, true)', { a: {}, b: {} })).name).toBe(
      'States.IntrinsicFailure',
    );
  });

  it('States.Base64Decode refuses text that is not base64; Base64Encode and Hash take at most 10,000 characters', () => {
    expect(thrown(() => evaluate("States.Base64Decode('abc')")).name).toBe('States.IntrinsicFailure');
    expect(thrown(() => evaluate('States.Base64Encode($.s)', { s: 'x'.repeat(10_001) })).name).toBe(
      'States.IntrinsicFailure',
    );
    expect(thrown(() => evaluate("States.Hash('a', 'SHA-3')")).name).toBe('States.IntrinsicFailure');
  });

  it('States.UUID gives a version 4 UUID, a new one each call', () => {
    const [a, b] = [evaluate('States.UUID()'), evaluate('States.UUID()')];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
