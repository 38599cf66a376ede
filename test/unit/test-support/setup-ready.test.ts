/** test/support/setup-ready.ts: how the stack test processes wait for the background global setup. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForGlobalSetup } from '../../support/setup-ready';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'setup-ready-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('resolves at once without a global setup (no ready file named)', async () => {
  await expect(waitForGlobalSetup(undefined)).resolves.toBeUndefined();
});

it('waits until the setup writes that it is done', async () => {
  const file = join(dir, 'setup.json');
  let done = false;
  const waiting = waitForGlobalSetup(file).then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 120));
  expect(done).toBe(false);
  writeFileSync(file, JSON.stringify({ ok: true }));
  await waiting;
  expect(done).toBe(true);
});

it("fails with the setup's own error when it failed", async () => {
  const file = join(dir, 'setup.json');
  writeFileSync(file, JSON.stringify({ ok: false, error: 'DynamoDB Local needs Java 17 or newer' }));
  await expect(waitForGlobalSetup(file)).rejects.toThrow(
    "The test run's global setup failed: DynamoDB Local needs Java 17 or newer",
  );
});
