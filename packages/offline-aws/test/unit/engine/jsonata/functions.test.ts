/**
 * The functions Step Functions adds to JSONata (src/engine/query/jsonata/functions.ts):
 * transforming-data.html, "JSONata functions provided by Step Functions", and AWS's recorded answers.
 */
import { evaluateJsonataField } from '../../../../src/engine/query/jsonata';
import type { Json } from '../../../../src/engine/query/types';
import { scopeOf } from './scope';

const run = (expression: string, input: Json = {}) =>
  evaluateJsonataField(`{% ${expression} %}`, scopeOf(input), 'Output');

describe('$partition (array_jsonata.array_partition, recorded on AWS)', () => {
  it.each([
    [[0], 1, [[0]]],
    [[0], 5, [[0]]],
    [[0, 1], 1, [[0], [1]]],
    [[0, 1, 2], 2, [[0, 1], [2]]],
    [[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    [[0, 1, 2, 3], 4, [[0, 1, 2, 3]]],
  ])('%j in chunks of %d', async (fst, snd, expected) => {
    const input = { FunctionInput: { fst, snd } };
    await expect(
      run('$partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd)', input),
    ).resolves.toEqual(expected);
  });

  it('refuses a chunk size under 1', async () => {
    await expect(run('$partition([1, 2], 0)')).rejects.toThrow(/threw an error during evaluation: The chunk size/);
  });
});

describe('$range (array_jsonata.array_range, recorded on AWS)', () => {
  it.each([
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, 1],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ])('from %d to %d by %d', async (fst, snd, trd, expected) => {
    const input = { FunctionInput: { fst, snd, trd } };
    const expression =
      '$range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd)';
    await expect(run(expression, input)).resolves.toEqual(expected);
  });

  it('counts down with a negative step, rounding arguments down (transforming-data.html)', async () => {
    await expect(run('$range(10, 0.5, -4.2)')).resolves.toEqual([10, 5, 0]);
  });
});

describe('$parse (json_manipulation_jsonata.parse, recorded on AWS)', () => {
  it.each([
    ['-0', 0],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('%s', async (text, expected) => {
    await expect(run('$parse($states.input.FunctionInput)', { FunctionInput: text })).resolves.toEqual(expected);
  });
});

describe('$hash, $random, $uuid (transforming-data.html)', () => {
  it('$hash gives the hex digest of the named algorithm', async () => {
    await expect(run("$hash('Hello World', 'SHA-256')")).resolves.toBe(
      'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e',
    );
    await expect(run("$hash('Hello World', 'MD5')")).resolves.toBe('b10a8db164e0754105b7a99be72e3fe5');
    await expect(run("$hash('x', 'SHA-3')")).rejects.toThrow(/must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512/);
  });

  it('$random with a seed repeats itself, without one it varies within [0, 1)', async () => {
    const seeded = await run('[$random(42), $random(42), $random(7)]');
    expect(Array.isArray(seeded) && seeded[0] === seeded[1] && seeded[0] !== seeded[2]).toBe(true);
    const value = await run('$random()');
    expect(typeof value === 'number' && value >= 0 && value < 1).toBe(true);
  });

  it('$uuid gives a v4 UUID', async () => {
    await expect(run('$uuid()')).resolves.toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('a wrong argument fails the signature check, as a built-in does', async () => {
    await expect(run("$hash(1, 'MD5')")).rejects.toThrow(
      /T0410: Argument 1 of function "hash" does not match function signature$/,
    );
  });
});
