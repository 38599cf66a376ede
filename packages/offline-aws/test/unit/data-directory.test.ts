/**
 * The `--data` directory (src/data-directory.ts): made absolute (DynamoDB Local runs in a directory
 * of its own), created level by level, and refused with a message naming what is wrong — never a
 * raw stack trace, never a hang.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DataDirectoryError, prepareDataDirectory } from '../../src/data-directory';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'data-directory-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('resolves a relative path against the working directory and creates every missing level', () => {
  const wanted = join(root, 'a', 'b', 'data');
  expect(prepareDataDirectory(relative(process.cwd(), wanted))).toBe(wanted);
  expect(prepareDataDirectory(wanted)).toBe(wanted);
});

it.each([
  ['a file', () => writeFileSync(join(root, 'taken'), ''), 'taken', /taken is not a directory/],
  ['under a file', () => writeFileSync(join(root, 'taken'), ''), join('taken', 'data'), /taken is not a directory/],
  [
    'holding a file where the database directory goes',
    () => {
      mkdirSync(join(root, 'd'));
      writeFileSync(join(root, 'd', 'messaging'), '');
    },
    'd',
    /messaging should be a directory; move it away/,
  ],
])('refuses %s, naming it', (_what, arrange, path, message) => {
  arrange();
  const attempt = () => prepareDataDirectory(join(root, path));
  expect(attempt).toThrow(DataDirectoryError);
  expect(attempt).toThrow(message);
});

it('refuses a place where nothing can be created, at once', () => {
  expect(() => prepareDataDirectory('/proc/offline-aws-data')).toThrow(/cannot create \/proc\/offline-aws-data/);
});

it.each(['', '  '])('refuses an empty path (%j), which would name the working directory', (path) => {
  expect(() => prepareDataDirectory(path)).toThrow(
    new DataDirectoryError('--data needs a directory, not an empty path'),
  );
});
