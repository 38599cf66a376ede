/**
 * Cold start, per function: the bundle `sls package` built and the zip Lambda downloads, the module
 * init time of that bundle against loading the unbundled TypeScript source (through tsx), split into
 * the AWS SDK modules the bundle leaves to the runtime and the bundle's own code, and what source
 * maps cost (init, and formatting an error's stack) with and without `--enable-source-maps`. Each
 * time is the median of several fresh Node processes. Also measured: a variant with the AWS SDK
 * inside the bundle, and the packages that weigh most in the bundle (esbuild metafile).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import type { ServerlessConfig } from 'offline-aws/serverless/config';

export interface FunctionColdStart {
  /** The bundle `sls package` built (as serverless.yml configures it for the stage packaged). */
  bundle_bytes: number;
  /** The function's deployment package (.serverless/<function>.zip), what a cold start downloads. */
  zip_bytes: number;
  /** The source map shipped beside the bundle (0 when the stage ships none). */
  source_map_bytes: number;
  init_ms_bundled: number;
  init_ms_source: number;
  init_ratio: number;
  /** Of init_ms_bundled: loading the AWS SDK packages the bundle requires, and the bundle itself. */
  init_ms_sdk_modules: number;
  init_ms_own_code: number;
  /** The same bundle built with a source map, loaded without and with --enable-source-maps. */
  init_ms_without_source_maps: number;
  init_ms_with_source_maps: number;
  /** A first failing invocation (an error created in the bundle's code) up to its stack formatted, without and with maps. */
  error_stack_ms_without_source_maps: number;
  error_stack_ms_with_source_maps: number;
  /** The same for a second failing invocation in the same process (the map is parsed once). */
  error_stack_again_ms_with_source_maps: number;
  /** The packages that weigh most in the bundle, bytes of output each. */
  largest_packages: { name: string; bytes: number }[];
  /** Both ways of treating the AWS SDK, built here with the same options, for the comparison. */
  sdk_bundled_bytes: number;
  init_ms_sdk_bundled: number;
  sdk_external_bytes: number;
  init_ms_sdk_external: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const ENV = { ...process.env, AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_OPTIONS: '' };

/** Milliseconds to load `file` in a fresh Node process (optionally with extra Node flags). */
function initTime(file: string, loader: 'require' | 'import', flags: string[] = []): number {
  const load =
    loader === 'require'
      ? `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`
      : `const t=process.hrtime.bigint();await import(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const run = spawnSync(
    process.execPath,
    [...flags, ...(loader === 'import' ? ['--input-type=module'] : []), '-e', load],
    { encoding: 'utf8', env: ENV },
  );
  const ms = Number(run.stdout.trim().split('\n').pop());
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`could not load ${file}: ${run.stderr.slice(0, 500)}`);
  return ms;
}

interface Probe {
  modules_ms: number;
  bundle_ms: number;
  first_stack_ms: number;
  second_stack_ms: number;
}

/** tools/bench/init-probe.cjs in a fresh process: SDK modules, then the bundle, then two error stacks. */
function probe(script: string, file: string, modules: string[], flags: string[], env: Record<string, string>): Probe {
  const run = spawnSync(process.execPath, [...flags, script, file, ...modules], {
    encoding: 'utf8',
    // Logs off (they would go to stdout), whatever the function's own level.
    env: { ...ENV, ...env, NODE_OPTIONS: '', POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  if (run.status !== 0) throw new Error(`init probe of ${file} failed: ${run.stderr.slice(0, 500)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Probe;
}

function medianProbe(runs: number, take: () => Probe): Probe {
  const all = Array.from({ length: runs }, take);
  const of = (key: keyof Probe) => median(all.map((p) => p[key]));
  return {
    modules_ms: of('modules_ms'),
    bundle_ms: of('bundle_ms'),
    first_stack_ms: of('first_stack_ms'),
    second_stack_ms: of('second_stack_ms'),
  };
}

function handlerFile(config: ServerlessConfig, functionName: string): string {
  const handler = config.functions[functionName]?.handler ?? '';
  return handler.slice(0, handler.lastIndexOf('.'));
}

/** Output bytes per package (`node_modules/<pkg>` or `services/<service>`), largest first. */
function largestPackages(metafile: Metafile, top = 5): { name: string; bytes: number }[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = input
      .replace(/^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1')
      .replace(/^(services\/[^/]+)\/.*$/, '$1');
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytes }));
}

/**
 * @param buildDir serverless-esbuild's kept build directory (`.esbuild/.build`).
 * @param packageDir where `sls package` wrote the zips (`.serverless`).
 * @param environment each function's environment (strings), for the error-path probe.
 */
export function measureColdStarts(
  config: ServerlessConfig,
  buildDir: string,
  packageDir: string,
  runs: number,
  progress: (line: string) => void,
  environment: (functionName: string) => Record<string, string> = () => ({}),
): Record<string, FunctionColdStart> {
  const out: Record<string, FunctionColdStart> = {};
  const variantsDir = resolve(config.root, '.local', 'bench');
  const script = resolve(config.root, 'tools', 'bench', 'init-probe.cjs');
  for (const name of Object.keys(config.functions)) {
    const base = handlerFile(config, name);
    const bundle = join(buildDir, `${base}.cjs`);
    const zip = join(packageDir, `${name}.zip`);
    if (!existsSync(bundle) || !existsSync(zip)) throw new Error(`no bundle or zip for ${name}; run sls package first`);
    const map = `${bundle}.map`;

    const variant = (kind: 'sdk-bundled' | 'sdk-external' | 'source-maps') => {
      const outfile = join(variantsDir, kind, `${name}.cjs`);
      const result = buildSync({
        entryPoints: [resolve(config.root, `${base}.ts`)],
        absWorkingDir: config.root,
        // As packaging bundles them (custom.esbuild.alias: semver's gte alone).
        alias: (config.custom.esbuild as { alias?: Record<string, string> } | undefined)?.alias ?? {},
        outfile,
        bundle: true,
        minify: true,
        keepNames: true,
        platform: 'node',
        target: 'node24',
        format: 'cjs',
        external: kind === 'sdk-bundled' ? [] : ['@aws-sdk/*', '@smithy/*'],
        ...(kind === 'source-maps' ? { sourcemap: true, sourcesContent: false, metafile: true } : {}),
        logLevel: 'error',
      });
      return { outfile, bytes: statSync(outfile).size, metafile: result.metafile };
    };
    const sdkBundled = variant('sdk-bundled');
    const sdkExternal = variant('sdk-external');
    const withMaps = variant('source-maps');
    const initOf = (file: string) => median(Array.from({ length: runs }, () => initTime(file, 'require')));

    const sdkModules = [...new Set(readFileSync(bundle, 'utf8').match(/(?<=require\(")@aws-sdk\/[^"]+(?="\))/g) ?? [])];
    const env = environment(name);
    const split = medianProbe(runs, () => probe(script, bundle, sdkModules, [], env));
    const plain = medianProbe(runs, () => probe(script, withMaps.outfile, [], [], env));
    const mapped = medianProbe(runs, () => probe(script, withMaps.outfile, [], ['--enable-source-maps'], env));

    const bundled = initOf(bundle);
    const source = resolve(config.root, `${base}.ts`);
    const fromSource = median(Array.from({ length: runs }, () => initTime(source, 'import', ['--import', 'tsx'])));
    out[name] = {
      bundle_bytes: statSync(bundle).size,
      zip_bytes: statSync(zip).size,
      source_map_bytes: existsSync(map) ? statSync(map).size : 0,
      init_ms_bundled: round(bundled),
      init_ms_source: round(fromSource),
      init_ratio: round(bundled / fromSource, 3),
      init_ms_sdk_modules: round(split.modules_ms),
      init_ms_own_code: round(split.bundle_ms),
      init_ms_without_source_maps: round(plain.modules_ms + plain.bundle_ms),
      init_ms_with_source_maps: round(mapped.modules_ms + mapped.bundle_ms),
      error_stack_ms_without_source_maps: round(plain.first_stack_ms, 2),
      error_stack_ms_with_source_maps: round(mapped.first_stack_ms, 2),
      error_stack_again_ms_with_source_maps: round(mapped.second_stack_ms, 2),
      largest_packages: withMaps.metafile ? largestPackages(withMaps.metafile) : [],
      sdk_bundled_bytes: sdkBundled.bytes,
      init_ms_sdk_bundled: round(initOf(sdkBundled.outfile)),
      sdk_external_bytes: sdkExternal.bytes,
      init_ms_sdk_external: round(initOf(sdkExternal.outfile)),
    };
    const f = out[name];
    progress(
      `  ${name}: bundle ${(f.bundle_bytes / 1024).toFixed(0)} KB, zip ${(f.zip_bytes / 1024).toFixed(0)} KB, ` +
        `init ${f.init_ms_bundled} ms vs ${f.init_ms_source} ms from source; first error stack ` +
        `${f.error_stack_ms_without_source_maps} ms, ${f.error_stack_ms_with_source_maps} ms with source maps`,
    );
  }
  return out;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));
