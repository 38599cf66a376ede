/** How many items a Map state iterates over, read from its raw input as Step Functions reads it (InputPath, then ItemsPath). */
import { mapLength, readReferencePath } from 'offline-aws/engine/map-events';

describe('readReferencePath', () => {
  const value = { a: { 'b c': [10, { d: 'x' }] } };
  it.each([
    ['$', value],
    ['$.a', value.a],
    ["$.a['b c'][1].d", 'x'],
    ["$['a']['b c'][0]", 10],
  ])('%s', (path, expected) => expect(readReferencePath(value, path)).toEqual(expected));

  it.each(['$.missing.deeper', '$.a[*]', 'a.b', '$..d'])('%s leads nowhere', (path) =>
    expect(readReferencePath(value, path)).toBeUndefined(),
  );
});

describe('mapLength', () => {
  const input = { order: { lines: [1, 2, 3] }, top: [1] };
  it('applies InputPath, then ItemsPath', () =>
    expect(mapLength({ InputPath: '$.order', ItemsPath: '$.lines' }, input)).toBe(3));
  it('defaults both paths to $', () => expect(mapLength({}, [1, 2])).toBe(2));
  it('counts inline Items', () => expect(mapLength({ Items: [1, 2, 3, 4] }, input)).toBe(4));
  it('is undefined when the path does not lead to an array', () =>
    expect(mapLength({ ItemsPath: '$.order' }, input)).toBeUndefined());
});
