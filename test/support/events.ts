import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EventCase {
  file: string;
  name: string;
  event: unknown;
}

/** Every sample event of a function (events/<function>/*.json), for tests that guard the event files. */
export function eventCases(functionName: string): EventCase[] {
  const dir = join(process.cwd(), 'events', functionName);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file: join(dir, file),
      name: file.replace(/\.json$/, ''),
      event: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown,
    }));
}
