/**
 * The directory `--data` names (`npm start -- --data <dir>`), made ready before anything uses it.
 * It is resolved against the working directory first: DynamoDB Local runs in a directory of its
 * own, where a relative path would name another place. Missing levels are created one at a time,
 * so a path that cannot exist fails at once with the level that could not be made.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A `--data` path that cannot hold the data, with what is wrong with it. */
export class DataDirectoryError extends Error {
  override readonly name = 'DataDirectoryError';
}

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** What the runtime keeps there, and whether each is a directory. */
const PARTS: [string, 'directory' | 'file'][] = [
  ['dynamodb', 'directory'],
  ['messaging', 'directory'],
  ['executions.json', 'file'],
];

/**
 * @returns the directory's absolute path, created if missing
 * @throws DataDirectoryError when it is empty, a level of it is a file, cannot be created, is not writable, or
 *   holds a file where the runtime keeps a directory (or the other way round)
 */
export function prepareDataDirectory(path: string): string {
  // resolve('') is the working directory: an empty path is a mistake, not a choice of that place.
  if (path.trim() === '') throw new DataDirectoryError('--data needs a directory, not an empty path');
  const absolute = resolve(path);
  const missing: string[] = [];
  let existing = absolute;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) throw new DataDirectoryError(`--data ${path}: ${existing} is not a directory`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw new DataDirectoryError(`--data ${path}: cannot create ${level} (${code(error)})`);
    }
  }
  const probe = join(absolute, `.write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new DataDirectoryError(`--data ${path}: ${absolute} is not writable (${code(error)})`);
  }
  for (const [name, kind] of PARTS) {
    const part = join(absolute, name);
    if (existsSync(part) && statSync(part).isDirectory() !== (kind === 'directory')) {
      throw new DataDirectoryError(`--data ${path}: ${part} should be a ${kind}; move it away`);
    }
  }
  return absolute;
}
