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
 *
 * `buildFunctions` builds some functions into a directory of the caller's: the project watcher
 * (src/watch/) rebuilds only the functions whose inputs changed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions, type Format, type Metafile } from 'esbuild';
import type { Json, ServerlessConfig } from '../serverless/config';

/** Where one function's bundle is and how to call it. */
export interface FunctionBundle {
  /** LAMBDA_TASK_ROOT: the directory holding the bundle (as the deployment package's root). */
  taskRoot: string;
  /** Absolute path of the bundle, `<taskRoot>/<handler path><extension>`. */
  file: string;
  /** The handler's export name (`handler` in `services/x/handlers/y.handler`). */
  exportName: string;
  /** The source files the bundle was built from (absolute paths, node_modules included). */
  inputs: string[];
}

interface CurrentBuild {
  key: string;
  /** Epoch ms, taken before the build started. */
  builtAt: number;
  dir: string;
  /** Per function, the files its bundle was built from. */
  inputs: Record<string, string[]>;
}

/** Bumped when current.json's shape changes, so that an older file is rebuilt rather than misread. */
const CURRENT_FORMAT = 2;

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
    return Object.values(current.inputs)
      .flat()
      .every((input) => statSync(input).mtimeMs < current.builtAt);
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

/** Where a project's bundles are cached: `<root>/.local/lambda/<service>-<stage>`. */
export const defaultCacheDir = (config: ServerlessConfig): string =>
  resolve(config.root, '.local', 'lambda', `${config.service}-${config.stage}`);

/** Per function, the inputs of its bundle (esbuild's metafile: one output per entry point). */
function inputsByFunction(config: ServerlessConfig, metafile: Metafile, dir: string, names: string[]) {
  const inputs: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    if (meta.entryPoint === undefined) continue; // a source map
    const file = resolve(config.root, output);
    const name = names.find((candidate) => file.startsWith(join(dir, candidate) + sep));
    if (name === undefined) continue;
    inputs[name] = Object.keys(meta.inputs)
      .filter((input) => !input.startsWith('<'))
      .map((input) => resolve(config.root, input));
  }
  return inputs;
}

function bundlesIn(config: ServerlessConfig, dir: string, inputs: Record<string, string[]>) {
  const extension = buildOptions(config).outExtension['.js'] ?? '.js';
  return Object.fromEntries(
    Object.entries(inputs).map(([name, files]): [string, FunctionBundle] => {
      const { base, exportName } = handlerParts(config, name);
      const file = join(dir, name, `${base}${extension}`);
      return [name, { taskRoot: join(dir, name), file, exportName, inputs: files }];
    }),
  );
}

/**
 * Builds these functions (one esbuild run) into `dir`, `<dir>/<function>/<handler path><ext>`.
 * @throws Error when a handler's source file is missing; esbuild's BuildFailure (its `errors`
 *   carry file and line) when the code does not build. `dir` is removed then.
 */
export async function buildFunctions(
  config: ServerlessConfig,
  names: string[],
  dir: string,
): Promise<Record<string, FunctionBundle>> {
  mkdirSync(dir, { recursive: true });
  try {
    const result = await build({
      ...buildOptions(config),
      absWorkingDir: config.root,
      entryPoints: names.map((name) => ({
        in: sourceFile(config.root, handlerParts(config, name).base),
        out: join(name, handlerParts(config, name).base),
      })),
      outdir: dir,
      metafile: true,
      logLevel: 'silent',
    });
    return bundlesIn(config, dir, inputsByFunction(config, result.metafile, dir, names));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Every function's bundle, built now unless an up-to-date build exists.
 * @param cacheDir default `<root>/.local/lambda/<service>-<stage>`.
 * @throws Error when a handler's source file is missing or esbuild fails (its message lists the errors).
 */
export async function bundleFunctions(
  config: ServerlessConfig,
  cacheDir = defaultCacheDir(config),
): Promise<Record<string, FunctionBundle>> {
  const options = buildOptions(config);
  const names = Object.keys(config.functions);
  const handlers = Object.fromEntries(names.map((name) => [name, config.functions[name]?.handler]));
  const key = JSON.stringify({ options, handlers, esbuild: esbuildVersion, format: CURRENT_FORMAT });
  const currentFile = join(cacheDir, 'current.json');

  const current = readCurrent(currentFile);
  if (isFresh(current, key)) return bundlesIn(config, current.dir, current.inputs);
  const buildsDir = join(cacheDir, 'builds');
  const dir = join(buildsDir, `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  const builtAt = Date.now();
  const bundles = await buildFunctions(config, names, dir);
  const inputs = Object.fromEntries(Object.entries(bundles).map(([name, bundle]) => [name, bundle.inputs]));
  const temporary = `${currentFile}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, JSON.stringify({ key, builtAt, dir, inputs } satisfies CurrentBuild));
  renameSync(temporary, currentFile);
  removeStaleBuilds(buildsDir, dir);
  return bundles;
}
