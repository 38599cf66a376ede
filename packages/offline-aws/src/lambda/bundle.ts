/**
 * The code an offline execution environment runs: each function's handler bundled as `sls package`
 * bundles it (serverless-esbuild with serverless.yml's `custom.esbuild`: CommonJS, platform node,
 * the AWS SDK left out for the runtime to provide, names kept…), so a worker thread can load it
 * without jest's or tsx's TypeScript loaders, and runs what Lambda would run.
 *
 * All functions of a configuration are built in one esbuild run into
 * `<root>/.local/lambda/<service>-<stage>/builds/<id>/<function>/<handler path>.cjs` (the function
 * directory is its LAMBDA_TASK_ROOT). `current.json` beside `builds/` names the latest build; it is
 * reused while its options and function list are the same and none of its inputs (the esbuild
 * metafile's, node_modules included) changed since it was built, as src/serverless-plugin.cjs
 * checks its own bundles. Several processes may build at once (jest workers): each writes its own
 * build directory and replaces current.json atomically.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions, type Format } from 'esbuild';
import type { Json, ServerlessConfig } from '../serverless/config';

/** Where one function's bundle is and how to call it. */
export interface FunctionBundle {
  /** LAMBDA_TASK_ROOT: the directory holding the bundle (as the deployment package's root). */
  taskRoot: string;
  /** Absolute path of the bundle, `<taskRoot>/<handler path><extension>`. */
  file: string;
  /** The handler's export name (`handler` in `services/x/handlers/y.handler`). */
  exportName: string;
}

interface CurrentBuild {
  key: string;
  /** Epoch ms, taken before the build started. */
  builtAt: number;
  dir: string;
  inputs: string[];
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** Builds other processes may still load from are kept this long after being superseded. */
const STALE_BUILD_MS = 10 * 60_000;

const asSettings = (value: Json | undefined): Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.map(String) : []);

/** esbuild options from `custom.esbuild`, with serverless-esbuild's meaning of `exclude` and `external`. */
export function buildOptions(config: ServerlessConfig): BuildOptions & { outExtension: Record<string, string> } {
  const settings = asSettings(config.custom.esbuild);
  const pick = <T extends Json>(key: string, fallback: T): T => (settings[key] ?? fallback) as T;
  return {
    bundle: pick('bundle', true),
    minify: pick('minify', false),
    sourcemap: pick('sourcemap', false),
    keepNames: pick('keepNames', false),
    target: pick('target', 'node22'),
    platform: 'node',
    format: pick<string>('format', 'cjs') as Format,
    // `exclude`: provided by the Lambda runtime (the AWS SDK); `external`: shipped beside the bundle.
    // Either way they are not in the bundle, and resolve from node_modules here.
    external: [...strings(settings.exclude), ...strings(settings.external)],
    outExtension: { '.js': pick('outputFileExtension', '.js') },
  };
}

function handlerParts(config: ServerlessConfig, functionName: string): { base: string; exportName: string } {
  const handler = config.functions[functionName]?.handler ?? '';
  const dot = handler.lastIndexOf('.');
  return { base: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

function sourceFile(root: string, base: string): string {
  const file = SOURCE_EXTENSIONS.map((ext) => resolve(root, `${base}${ext}`)).find((path) => existsSync(path));
  if (!file) throw new Error(`No source file for handler ${base} (tried ${SOURCE_EXTENSIONS.join(', ')})`);
  return file;
}

function readCurrent(file: string): CurrentBuild | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CurrentBuild;
  } catch {
    return undefined;
  }
}

function isFresh(current: CurrentBuild | undefined, key: string): current is CurrentBuild {
  if (!current || current.key !== key || !existsSync(current.dir)) return false;
  try {
    return current.inputs.every((input) => statSync(input).mtimeMs < current.builtAt);
  } catch {
    return false; // an input was removed
  }
}

/** Removes builds superseded long enough ago that no running process still starts from them. */
function removeStaleBuilds(buildsDir: string, keep: string): void {
  for (const entry of readdirSync(buildsDir)) {
    const dir = join(buildsDir, entry);
    try {
      if (dir !== keep && Date.now() - statSync(dir).mtimeMs > STALE_BUILD_MS) {
        rmSync(dir, { recursive: true, force: true });
      }
    } catch {
      // another process removed it first
    }
  }
}

/**
 * Every function's bundle, built now unless an up-to-date build exists.
 * @param cacheDir default `<root>/.local/lambda/<service>-<stage>`.
 * @throws Error when a handler's source file is missing or esbuild fails (its message lists the errors).
 */
export async function bundleFunctions(
  config: ServerlessConfig,
  cacheDir = resolve(config.root, '.local', 'lambda', `${config.service}-${config.stage}`),
): Promise<Record<string, FunctionBundle>> {
  const options = buildOptions(config);
  const names = Object.keys(config.functions);
  const handlers = Object.fromEntries(names.map((name) => [name, config.functions[name]?.handler]));
  const key = JSON.stringify({ options, handlers, esbuild: esbuildVersion });
  const currentFile = join(cacheDir, 'current.json');

  let current = readCurrent(currentFile);
  if (!isFresh(current, key)) {
    const buildsDir = join(cacheDir, 'builds');
    const dir = join(buildsDir, `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    const builtAt = Date.now();
    const result = await build({
      ...options,
      absWorkingDir: config.root,
      entryPoints: names.map((name) => ({
        in: sourceFile(config.root, handlerParts(config, name).base),
        out: join(name, handlerParts(config, name).base),
      })),
      outdir: dir,
      metafile: true,
      logLevel: 'silent',
    }).catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith('<'))
      .map((input) => resolve(config.root, input));
    current = { key, builtAt, dir, inputs };
    const temporary = `${currentFile}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, JSON.stringify(current));
    renameSync(temporary, currentFile);
    removeStaleBuilds(buildsDir, dir);
  }

  const extension = options.outExtension['.js'] ?? '.js';
  const built = current;
  return Object.fromEntries(
    names.map((name) => {
      const { base, exportName } = handlerParts(config, name);
      const file = join(built.dir, name, `${base}${extension}`);
      return [name, { taskRoot: join(built.dir, name), file, exportName }];
    }),
  );
}
