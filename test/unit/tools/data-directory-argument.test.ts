/**
 * `npm start -- --data <dir>` (tools/cli/data-directory.ts): a directory whose execution journal is
 * not one is refused with the runtime's own message, as bad input (a UsageError: exit 2, no stack),
 * before anything is created in it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../tools/cli/options';
import { JOURNAL_FILE } from 'offline-aws/engine/journal';
import { dataDirectoryArgument } from '../../../tools/cli/data-directory';

const USAGE = 'usage: npm start …';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'data-argument-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string): UsageError {
  try {
    dataDirectoryArgument(path, USAGE);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('the directory was accepted');
}

it('accepts a new directory, and one holding a journal the runtime reads, leaving both as they were', () => {
  expect(dataDirectoryArgument(join(dir, 'new'), USAGE)).toBe(join(dir, 'new'));
  expect(readdirSync(join(dir, 'new'))).toEqual([]);
  const journal = JSON.stringify({ version: 1, executions: [] });
  writeFileSync(join(dir, JOURNAL_FILE), journal);
  expect(dataDirectoryArgument(dir, USAGE)).toBe(dir);
  expect(readdirSync(dir).filter((f) => f !== 'new')).toEqual([JOURNAL_FILE]);
  expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe(journal);
});

it.each([
  ['not JSON', '{"version": 1, "executions": [', /is not an execution journal \(.*\): move it away to start afresh$/],
  ['another version', '{"version": 99, "executions": []}', /is not an execution journal of version 1: move it away/],
  ['another shape', '[]', /is not an execution journal of version 1: move it away/],
])(
  'refuses a journal that is %s: the message alone, naming the file, and nothing is created',
  (_what, text, message) => {
    writeFileSync(join(dir, JOURNAL_FILE), text);
    const error = refusal(dir);
    expect(error.message).toMatch(new RegExp(`^--data ${dir}: ${join(dir, JOURNAL_FILE)} `));
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/usage:|\n\s+at /);
    expect(readdirSync(dir)).toEqual([JOURNAL_FILE]);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe(text);
  },
);

it('refuses an unusable path as before: the DataDirectoryError message and the usage', () => {
  writeFileSync(join(dir, 'file'), '');
  expect(refusal(join(dir, 'file', 'sub')).message).toMatch(/is not a directory\nusage: npm start …$/);
  expect(refusal('  ').message).toMatch(/^--data needs a directory, not an empty path\nusage/);
});
