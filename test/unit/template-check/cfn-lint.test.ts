/** tools/template/cfn-lint.ts with a stand-in `cfn-lint` on a temporary PATH (no Python needed). */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCfnLint } from '../../../tools/template/cfn-lint';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfn-lint-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A fake cfn-lint: `--version` prints a version, otherwise `body` runs with the template as $1. */
function fake(body: string): void {
  const file = join(dir, 'cfn-lint');
  writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "cfn-lint 1.51.0"; exit 0; fi\n${body}\n`);
  chmodSync(file, 0o755);
}

it('says plainly that it did not run when cfn-lint is not on PATH', () => {
  const result = runCfnLint('template.json', dir);
  expect(result.status).toBe('missing');
  expect(result.status === 'missing' && result.message).toMatch(/cfn-lint is not installed.*pip install/);
});

it('is clean when cfn-lint prints nothing and exits 0', () => {
  fake('exit 0');
  expect(runCfnLint('template.json', dir)).toEqual({ status: 'clean', version: 'cfn-lint 1.51.0' });
});

it('reports the findings and exit code otherwise (a warning alone fails)', () => {
  fake('echo "W3005 dependency already enforced in $1"; exit 4');
  expect(runCfnLint('template.json', dir)).toEqual({
    status: 'findings',
    version: 'cfn-lint 1.51.0',
    output: 'W3005 dependency already enforced in template.json',
    exitCode: 4,
  });
});
