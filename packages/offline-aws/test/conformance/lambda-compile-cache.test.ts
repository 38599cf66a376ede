/**
 * Offline only (docs/fidelity.md, "Lambda"): the execution environments of a pool share V8's compile
 * cache (https://nodejs.org/api/module.html#module-compile-cache), so a cold start reads compiled
 * code instead of compiling the AWS SDK and the bundle again. What a function can observe does not
 * change: every new environment still runs its module code in Init
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html), with module state
 * of its own, and its variables stay the ones Lambda gives it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaPool, type LambdaPoolOptions } from '../../src/lambda/pool';
import { loadServerlessConfig } from '../../src/serverless/config';
import type { ProbeResult } from './fixtures/probe';

const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });

let dir: string;
const pools: LambdaPool[] = [];
function pool(options: LambdaPoolOptions): LambdaPool {
  const created = new LambdaPool(config, options);
  pools.push(created);
  return created;
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'compile-cache-'));
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `directory` (Node keeps the cache in a subdirectory per Node version). */
const filesUnder = (directory: string): string[] =>
  existsSync(directory)
    ? readdirSync(directory, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

it('a cold start writes the compiled code to the cache; the next environments still run Init, each with its own module state', async () => {
  const cache = join(dir, 'cache');
  const first = pool({ compileCache: cache });
  const before = (await first.invoke('probeA', {})) as ProbeResult;
  expect(filesUnder(cache).length).toBeGreaterThan(0);

  // A later pool reads that cache: two invocations in flight at once (they meet), two new environments.
  const later = pool({ compileCache: cache });
  const meet = { dir: mkdtempSync(join(dir, 'meet-')), peers: 2 };
  const [a, b] = (await Promise.all([
    later.invoke('probeA', { id: 'a', meet }),
    later.invoke('probeA', { id: 'b', meet }),
  ])) as ProbeResult[];
  expect(new Set([before.initId, a?.initId, b?.initId]).size).toBe(3);
  expect([a?.served, b?.served]).toEqual([1, 1]);
  expect([a?.idAfterDelay, b?.idAfterDelay]).toEqual(['a', 'b']);
  expect(later.stats().probeA).toMatchObject({ coldStarts: 2 });
  // The cache is the runtime's, not the function's: no variable tells the function about it.
  expect(Object.keys(a?.env ?? {}).filter((name) => name.includes('COMPILE_CACHE'))).toEqual([]);
});

/** The compile cache of each build of the bundles under `cacheDir` (`builds/<id>/compile-cache`). */
const buildCaches = (cacheDir: string): string[] =>
  readdirSync(join(cacheDir, 'builds')).map((build) => join(cacheDir, 'builds', build, 'compile-cache'));

it('compileCache: false writes nothing: every environment compiles its modules, as on Lambda', async () => {
  const lambdas = pool({ compileCache: false, cacheDir: join(dir, 'bundles') });
  await lambdas.invoke('probeA', {});
  expect(buildCaches(join(dir, 'bundles')).flatMap(filesUnder)).toEqual([]);
});

it("by default the cache lives in the build's directory, and goes with it", async () => {
  const lambdas = pool({ cacheDir: join(dir, 'bundles') });
  await lambdas.invoke('probeA', {});
  const [cache, ...others] = buildCaches(join(dir, 'bundles'));
  expect(others).toEqual([]);
  expect(filesUnder(cache ?? '').length).toBeGreaterThan(0);
});
