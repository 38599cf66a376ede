/**
 * The conformance tests run the library as patched by patches/ (applied by `npm ci`); this says so
 * plainly when the patch is missing (e.g. after `npm ci --ignore-scripts`), before the other tests
 * fail one by one.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

it('the installed aws-local-stepfunctions and asl-path-validator carry the patches in patches/', () => {
  const check = path.join(import.meta.dirname, '../../scripts/check-patches.cjs');
  const result = spawnSync(process.execPath, [check], { encoding: 'utf8' });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
});
