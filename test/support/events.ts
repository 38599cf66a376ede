import { readdirSync, readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
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

type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;
interface SafeParser {
  safeParse(value: unknown): { success: boolean };
}

/**
 * Guards a Task function's sample events (events/<function>/): at least one valid and one invalid
 * case and nothing but valid*, invalid-* and error-* files; the non-invalid ones match the input
 * schema; every invalid-* one is rejected by the handler with a ValidationError before any AWS call.
 */
export function describeTaskEventFiles(
  functions: Record<string, { handler: TaskHandler; schema: SafeParser }>,
  awsCalls: () => number,
  context: () => Context,
): void {
  describe.each(Object.entries(functions))('events/%s', (functionName, { handler, schema }) => {
    const cases = eventCases(functionName);

    it('has valid and invalid cases, and nothing else but error cases', () => {
      expect(cases.some(({ name }) => name.startsWith('valid'))).toBe(true);
      expect(cases.some(({ name }) => name.startsWith('invalid-'))).toBe(true);
      for (const { name } of cases) expect(name).toMatch(/^(valid|invalid-|error-)/);
    });

    it.each(cases.filter(({ name }) => !name.startsWith('invalid-')))('$name matches the input schema', ({ event }) => {
      expect(schema.safeParse(event).success).toBe(true);
    });

    it.each(cases.filter(({ name }) => name.startsWith('invalid-')))(
      '$name is rejected with a ValidationError and nothing is sent to AWS',
      async ({ event }) => {
        expect(schema.safeParse(event).success).toBe(false);
        await expect(handler(event, context())).rejects.toMatchObject({ name: 'ValidationError' });
        expect(awsCalls()).toBe(0);
      },
    );
  });
}
