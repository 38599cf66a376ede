/**
 * Cold start, per function: the size of the bundle `sls package` built (from its esbuild
 * metafile), and the module init time of that bundle against loading the unbundled TypeScript
 * source (through tsx), each in fresh Node processes, median of several runs. The same is measured
 * for a variant that leaves the AWS SDK out of the bundle (as if taken from the Lambda runtime).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { ServerlessConfig } from '../../local/serverless-config';

export interface FunctionColdStart {
  /** The bundle `sls package` built (as serverless.yml configures it). */
  bundle_bytes: number;
  init_ms_bundled: number;
  init_ms_source: number;
  init_ratio: number;
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

/** Milliseconds to load `file` in a fresh Node process (optionally with extra Node flags). */
function initTime(file: string, loader: 'require' | 'import', flags: string[] = []): number {
  const load =
    loader === 'require'
      ? `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`
      : `const t=process.hrtime.bigint();await import(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const run = spawnSync(
    process.execPath,
    [...flags, ...(loader === 'import' ? ['--input-type=module'] : []), '-e', load],
    {
      encoding: 'utf8',
      env: { ...process.env, AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_OPTIONS: '' },
    },
  );
  const ms = Number(run.stdout.trim().split('\n').pop());
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`could not load ${file}: ${run.stderr.slice(0, 500)}`);
  return ms;
}

function handlerFile(config: ServerlessConfig, functionName: string): string {
  const handler = config.functions[functionName]?.handler ?? '';
  return handler.slice(0, handler.lastIndexOf('.'));
}

export function measureColdStarts(
  config: ServerlessConfig,
  buildDir: string,
  runs: number,
  progress: (line: string) => void,
): Record<string, FunctionColdStart> {
  const out: Record<string, FunctionColdStart> = {};
  const variantsDir = resolve(config.root, '.local', 'bench');
  for (const name of Object.keys(config.functions)) {
    const base = handlerFile(config, name);
    const bundle = join(buildDir, `${base}.cjs`);
    const metafile = join(buildDir, `${base}-meta.json`);
    if (!existsSync(bundle) || !existsSync(metafile))
      throw new Error(`no bundle for ${name} in ${buildDir}; run sls package first`);
    const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: Record<string, { bytes: number }> };
    const bundleBytes =
      Object.entries(meta.outputs).find(([file]) => file.endsWith(`${base.split('/').pop() ?? ''}.cjs`))?.[1].bytes ??
      statSync(bundle).size;

    const variant = (external: boolean) => {
      const outfile = join(variantsDir, external ? 'sdk-external' : 'sdk-bundled', `${name}.cjs`);
      buildSync({
        entryPoints: [resolve(config.root, `${base}.ts`)],
        outfile,
        bundle: true,
        minify: true,
        keepNames: true,
        platform: 'node',
        target: 'node24',
        format: 'cjs',
        external: external ? ['@aws-sdk/*', '@smithy/*'] : [],
        logLevel: 'error',
      });
      return {
        bytes: statSync(outfile).size,
        initMs: median(Array.from({ length: runs }, () => initTime(outfile, 'require'))),
      };
    };
    const sdkBundled = variant(false);
    const sdkExternal = variant(true);

    const source = resolve(config.root, `${base}.ts`);
    const bundled = median(Array.from({ length: runs }, () => initTime(bundle, 'require')));
    const fromSource = median(Array.from({ length: runs }, () => initTime(source, 'import', ['--import', 'tsx'])));
    out[name] = {
      bundle_bytes: bundleBytes,
      init_ms_bundled: round(bundled),
      init_ms_source: round(fromSource),
      init_ratio: round(bundled / fromSource, 3),
      sdk_bundled_bytes: sdkBundled.bytes,
      init_ms_sdk_bundled: round(sdkBundled.initMs),
      sdk_external_bytes: sdkExternal.bytes,
      init_ms_sdk_external: round(sdkExternal.initMs),
    };
    progress(
      `  ${name}: ${(bundleBytes / 1024).toFixed(0)} KB, init ${bundled.toFixed(1)} ms vs ${fromSource.toFixed(1)} ms from source`,
    );
  }
  return out;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));
