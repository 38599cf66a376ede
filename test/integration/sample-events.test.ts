/**
 * Every sample event in events/<function>/ through its real handler on a freshly seeded embedded
 * stack, as `sls invoke local` runs them: valid cases succeed, invalid-* cases are rejected with a
 * clear validation error and, all of a function's together, write nothing, forbidden-* cases (no token, someone else's order, no
 * reviewer role) are refused with 401/403/404 and write nothing, other cases answer a named error,
 * never a crash.
 */
import { readdirSync } from 'node:fs';
import type { Runtime } from 'offline-aws/runtime';
import { eventCases } from '../support/events';
import { startTestRuntime } from '../support/runtime';
import { changes, snapshotTables } from '../support/tables';

let runtime: Runtime;
beforeAll(async () => {
  // As under `sls invoke local`: Wait states pass at once. Reviews wait (silently) until the end.
  runtime = await startTestRuntime({ skipWaitStates: true, runner: { taskTimeoutOverridesMs: {} } });
}, 240_000);
afterAll(() => runtime.stop());

const functionDirs = readdirSync('events', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'workflow' && entry.name !== 'import')
  .map((entry) => entry.name)
  .sort();

function isHttpFunction(name: string): boolean {
  const fn = runtime.stack.config.functions[name];
  return (fn?.events ?? []).some((event) => event !== null && typeof event === 'object' && 'httpApi' in event);
}

/** Lets executions started by an event run to their end (or to a review wait) before the next event. */
async function quiesce(): Promise<void> {
  while (runtime.runner.busyExecutions().length > 0) {
    await Promise.race([
      ...runtime.runner.busyExecutions().map((e) => e.completion),
      new Promise((r) => setTimeout(r, 20)),
    ]);
  }
  await runtime.messaging.drain();
}

/**
 * The tables as the last check that found no change left them: the next check starts from there
 * instead of scanning every table again (two scans per case were most of this file's time). Any
 * case that may write drops it. A write in between would show as a change, never hide one.
 */
let unchangedTables: string[] | undefined;

/** Invokes, and returns what changed in the tables (`[]`: nothing written). */
async function invokeAndDiff(functionName: string, event: unknown): Promise<{ outcome: Outcome; changed: string[] }> {
  await quiesce();
  const before = unchangedTables ?? (await snapshotTables(runtime.stack));
  unchangedTables = undefined;
  const outcome = await invoke(functionName, event);
  await quiesce();
  const after = await snapshotTables(runtime.stack);
  const changed = changes(before, after);
  if (changed.length === 0) unchangedTables = after;
  return { outcome, changed };
}

interface Outcome {
  ok: boolean;
  statusCode?: number;
  errorName?: string;
  body?: { error?: string; issues?: unknown[] };
}

async function invoke(functionName: string, event: unknown): Promise<Outcome> {
  try {
    const result = (await runtime.invoke(functionName, event)) as { statusCode?: number; body?: string } | undefined;
    if (isHttpFunction(functionName)) {
      const statusCode = result?.statusCode ?? 0;
      return { ok: statusCode < 400, statusCode, body: JSON.parse(result?.body ?? '{}') as Outcome['body'] };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, errorName: (error as Error).name };
  }
}

it('has sample events for every function in serverless.yml', () => {
  expect(functionDirs).toEqual(Object.keys(runtime.stack.config.functions).sort());
});

describe.each(functionDirs)('events/%s', (functionName) => {
  const cases = eventCases(functionName);

  it('has at least one valid and one invalid case', () => {
    expect(cases.some((c) => c.name.startsWith('valid'))).toBe(true);
    expect(cases.some((c) => c.name.startsWith('invalid-'))).toBe(true);
  });

  // The tables are read once before this function's invalid cases and once after them all (a
  // snapshot per case was most of this file's time): any write shows in the last test.
  const invalid = cases.filter((c) => c.name.startsWith('invalid-'));
  let beforeInvalid: Awaited<ReturnType<typeof snapshotTables>> | undefined;
  it.each(invalid.map((c) => [c.name, c.event]))('%s is rejected with a validation error', async (_, event) => {
    if (!beforeInvalid) {
      await quiesce();
      beforeInvalid = unchangedTables ?? (await snapshotTables(runtime.stack));
    }
    const outcome = await invoke(functionName, event);
    expect(outcome.ok).toBe(false);
    if (isHttpFunction(functionName)) {
      expect([400, 413]).toContain(outcome.statusCode);
      expect(['ValidationError', 'PayloadTooLarge']).toContain(outcome.body?.error);
    } else {
      expect(outcome.errorName).toBe('ValidationError');
    }
  });

  it(`its ${invalid.length} invalid-* cases wrote nothing`, async () => {
    await quiesce();
    const after = await snapshotTables(runtime.stack);
    expect(beforeInvalid).toBeDefined();
    expect(changes(beforeInvalid ?? after, after)).toEqual([]);
    unchangedTables = after;
  });

  // forbidden-*: no token (401), someone else's order (404, as if unknown), no reviewer role or own order (403).
  const forbidden = cases.filter((c) => c.name.startsWith('forbidden-'));
  if (forbidden.length > 0) {
    it.each(forbidden.map((c) => [c.name, c.event]))(
      '%s is refused with 401, 403 or 404 and writes nothing',
      async (_, event) => {
        const { outcome, changed } = await invokeAndDiff(functionName, event);
        expect(isHttpFunction(functionName)).toBe(true);
        expect([401, 403, 404]).toContain(outcome.statusCode);
        expect(['Unauthorized', 'Forbidden', 'NotFound']).toContain(outcome.body?.error);
        expect(changed).toEqual([]);
      },
    );
  }

  it.each(
    cases
      .filter((c) => !c.name.startsWith('invalid-') && !c.name.startsWith('forbidden-'))
      .map((c) => [c.name, c.event]),
  )('%s is answered without a crash', async (name, event) => {
    unchangedTables = undefined; // it may write
    const outcome = await invoke(functionName, event);
    await quiesce();
    if (functionName === 'submitReview' && name.startsWith('valid')) {
      // A review completes a *live* execution's task token. The seeded IN_REVIEW orders carry
      // tokens no running execution holds (as after a restart), so the answer is AWS's: 409.
      expect(outcome).toMatchObject({ ok: false, statusCode: 409 });
    } else if (name.startsWith('valid')) {
      expect(outcome).toMatchObject({ ok: true });
    } else {
      // error-*, not-found-*: a named business answer, never a 500 or an unnamed error.
      expect(outcome.ok).toBe(false);
      if (outcome.statusCode !== undefined) expect(outcome.statusCode).toBeLessThan(500);
      else expect(outcome.errorName).not.toMatch(/^(Error|TypeError|ValidationError)$/);
    }
  });
});
