/**
 * Reads serverless.yml the way the Serverless Framework does, for the offline runtime:
 * `${file(...)}`, `${self:...}`, `${sls:stage}`, `${opt:...}` and `${env:...}` variables and the
 * CloudFormation short-form tags. The tables, topics, functions and their environment therefore
 * come from the same declarations that `sls deploy` uses, never from a second list.
 * Anything it cannot resolve is an error that names it; test/integration/local/serverless-config.test.ts
 * compares what it resolves with `sls print`, per stage.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { cloudFormationTags } from './yaml-tags';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  [key: string]: Json | undefined;
}

export interface FunctionConfig {
  name: string;
  /** `services/x/handlers/y.handler` */
  handler: string;
  environment: Record<string, Json>;
  events: Json[];
  /** Seconds (function `timeout`, else `provider.timeout`, else the framework's default 6). */
  timeout: number;
  /** MB (function `memorySize`, else `provider.memorySize`, else the framework's default 1024). */
  memorySize: number;
  /** Lambda runtime identifier, e.g. `nodejs24.x` (function `runtime`, else `provider.runtime`). */
  runtime: string;
  /** `reservedConcurrency`: the most environments Lambda runs for the function; absent when not set. */
  reservedConcurrency?: number;
  /**
   * Asynchronous invocation settings as declared (unresolved intrinsics): `maximumRetryAttempts`
   * (0–2), `maximumEventAge` (s), `destinations.onSuccess`/`onFailure` and `onError` (the DLQ).
   */
  asyncInvoke: AsyncInvokeConfig;
}

export interface AsyncInvokeConfig {
  maximumRetryAttempts?: number;
  maximumEventAge?: number;
  onSuccess?: Json;
  onFailure?: Json;
  onError?: Json;
}

export interface ServerlessConfig {
  root: string;
  service: string;
  stage: string;
  region: string;
  /** Account id used for ARNs offline. */
  accountId: string;
  functions: Record<string, FunctionConfig>;
  resources: Record<string, CfnResource>;
  /** The resolved `stepFunctions` section (state machines with their definitions). */
  stepFunctions: JsonObject;
  provider: JsonObject;
  /** The resolved `custom` section (plugin settings such as `custom.esbuild`). */
  custom: JsonObject;
  /** `resources.extensions`: properties merged into generated resources (e.g. the HTTP API stage's throttling). */
  extensions: JsonObject;
}

export const LOCAL_ACCOUNT_ID = '000000000000';

function parseYaml(path: string): Json {
  return parse(readFileSync(path, 'utf8'), { customTags: cloudFormationTags(), merge: true }) as Json;
}

const yamlCache = new Map<string, Json>();
function readYaml(path: string): Json {
  let doc = yamlCache.get(path);
  if (doc === undefined) {
    doc = parseYaml(path);
    yamlCache.set(path, doc);
  }
  return doc;
}

function getPath(value: Json | undefined, path: string): Json | undefined {
  if (path === '') return value;
  let current: Json | undefined = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[part];
  }
  return current;
}

const VARIABLE = /\$\{([^${}]+)\}/;

interface ResolveContext {
  root: string;
  self: Json;
  options: Record<string, string>;
  /** Reads a YAML (or JSON) file: `${file(...)}`. */
  read(path: string): Json;
}

function parseLiteral(text: string): Json | undefined {
  const trimmed = text.trim();
  const quoted = /^(['"])(.*)\1$/.exec(trimmed);
  if (quoted) return quoted[2] ?? '';
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return undefined;
}

function resolveSource(expression: string, ctx: ResolveContext, file: string): Json | undefined {
  const source = expression.trim();
  const literal = parseLiteral(source);
  if (literal !== undefined) return literal;
  if (source.startsWith('self:')) return resolveValue(getPath(ctx.self, source.slice(5)), ctx, file);
  if (source === 'sls:stage') return ctx.options.stage ?? 'dev';
  if (source.startsWith('opt:')) return ctx.options[source.slice(4)];
  if (source.startsWith('env:')) return process.env[source.slice(4)];
  const fileRef = /^file\(([^)]+)\)(?::(.*))?$/.exec(source);
  if (fileRef) {
    const target = resolve(ctx.root, (fileRef[1] ?? '').trim());
    return resolveValue(getPath(ctx.read(target), (fileRef[2] ?? '').trim()), ctx, target);
  }
  throw new Error(`serverless.yml: variable source "\${${source}}" (in ${file}) is not supported offline`);
}

function resolveExpression(expression: string, ctx: ResolveContext, file: string): Json | undefined {
  // `${a, b}` falls back to b when a resolves to nothing.
  for (const alternative of expression.split(',')) {
    const value = resolveSource(alternative, ctx, file);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function resolveString(text: string, ctx: ResolveContext, file: string): Json {
  let current: string = text;
  for (;;) {
    const match = VARIABLE.exec(current);
    if (!match) return current;
    const value = resolveExpression(match[1] ?? '', ctx, file);
    if (value === undefined) throw new Error(`serverless.yml: "${match[0]}" (in ${file}) resolves to nothing`);
    if (match[0] === current) return value; // the whole string is one variable: keep its type
    if (typeof value === 'object') {
      throw new Error(`serverless.yml: "${match[0]}" (in ${file}) is an object inside a string`);
    }
    current = current.replace(match[0], String(value));
  }
}

function resolveValue(value: Json | undefined, ctx: ResolveContext, file: string): Json | undefined {
  if (typeof value === 'string') {
    const resolved = resolveString(value, ctx, file);
    return typeof resolved === 'string' ? resolved : resolveValue(resolved, ctx, file);
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, ctx, file) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, ctx, file);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return value;
}

function asObject(value: Json | undefined, what: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`serverless.yml: ${what} must be a mapping`);
  return value;
}

/** `functions` and `resources` may be arrays of fragments: merge them as the framework does. */
function mergeFragments(value: Json | undefined, what: string): JsonObject {
  const parts = Array.isArray(value) ? value : [value ?? {}];
  const merged: JsonObject = {};
  for (const part of parts) {
    for (const [key, item] of Object.entries(asObject(part, what))) {
      const previous = merged[key];
      merged[key] =
        previous && typeof previous === 'object' && !Array.isArray(previous)
          ? { ...previous, ...asObject(item, `${what}.${key}`) }
          : item;
    }
  }
  return merged;
}

/** A function-level number setting, else the provider-level one, else the framework's default. */
function numberSetting(own: Json | undefined, provider: Json | undefined, fallback: number): number {
  if (typeof own === 'number') return own;
  return typeof provider === 'number' ? provider : fallback;
}

export interface LoadOptions {
  root?: string;
  /** The configuration file, relative to root (default `serverless.yml`), as `sls --config` names it. */
  file?: string;
  stage?: string;
  region?: string;
}

const configCache = new Map<string, ServerlessConfig>();

/** serverless.yml as the offline runtime reads it, loaded once per root, file, stage and region. */
export function loadServerlessConfig(options: LoadOptions = {}): ServerlessConfig {
  // npm scripts, jest and sls all run from the project root.
  const root = options.root ?? process.cwd();
  const cacheKey = JSON.stringify({ root, file: options.file, stage: options.stage, region: options.region });
  const cached = configCache.get(cacheKey);
  if (cached) return cached;
  const config = resolveConfig({ ...options, root }, readYaml);
  configCache.set(cacheKey, config);
  return config;
}

/**
 * serverless.yml read again from the disk (no cache), and every file it was read from (absolute
 * paths: serverless.yml and the files its `${file(...)}` variables name): what a watcher of the
 * project needs (src/watch/). Nothing is cached: other loads of the process keep what they read.
 * @throws Error as loadServerlessConfig does; a file that does not parse is named in the message.
 */
export function readServerlessConfig(options: LoadOptions = {}): { config: ServerlessConfig; files: string[] } {
  const files = new Set<string>();
  const read = (path: string): Json => {
    files.add(path);
    try {
      return parseYaml(path);
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
    }
  };
  const config = resolveConfig({ ...options, root: options.root ?? process.cwd() }, read);
  return { config, files: [...files] };
}

function resolveConfig(options: LoadOptions & { root: string }, read: (path: string) => Json): ServerlessConfig {
  const { root } = options;
  const file = resolve(root, options.file ?? 'serverless.yml');
  const self = read(file);
  const cliOptions: Record<string, string> = { stage: options.stage ?? 'dev' };
  if (options.region) cliOptions.region = options.region;
  const ctx: ResolveContext = { root, self, options: cliOptions, read };
  // Resolve the top level first so that `${self:...}` sees resolved values where it needs them.
  const resolved = asObject(resolveValue(self, ctx, file), 'serverless.yml');
  const provider = asObject(resolved.provider, 'provider');
  const providerEnvironment = asObject(provider.environment, 'provider.environment');

  const functions: Record<string, FunctionConfig> = {};
  for (const [name, raw] of Object.entries(mergeFragments(resolved.functions, 'functions'))) {
    const fn = asObject(raw, `functions.${name}`);
    if (typeof fn.handler !== 'string') throw new Error(`serverless.yml: functions.${name}.handler is missing`);
    const fnConfig: FunctionConfig = {
      name,
      handler: fn.handler,
      environment: { ...providerEnvironment, ...asObject(fn.environment, `functions.${name}.environment`) },
      events: Array.isArray(fn.events) ? fn.events : [],
      timeout: numberSetting(fn.timeout, provider.timeout, 6),
      memorySize: numberSetting(fn.memorySize, provider.memorySize, 1024),
      runtime: String(fn.runtime ?? provider.runtime ?? 'nodejs24.x'),
      asyncInvoke: {},
    };
    if (typeof fn.reservedConcurrency === 'number') fnConfig.reservedConcurrency = fn.reservedConcurrency;
    functions[name] = fnConfig;
    const destinations = asObject(fn.destinations, `functions.${name}.destinations`);
    const asyncInvoke: AsyncInvokeConfig = fnConfig.asyncInvoke;
    if (typeof fn.maximumRetryAttempts === 'number') asyncInvoke.maximumRetryAttempts = fn.maximumRetryAttempts;
    if (typeof fn.maximumEventAge === 'number') asyncInvoke.maximumEventAge = fn.maximumEventAge;
    if (destinations.onSuccess !== undefined) asyncInvoke.onSuccess = destinations.onSuccess;
    if (destinations.onFailure !== undefined) asyncInvoke.onFailure = destinations.onFailure;
    if (fn.onError !== undefined) asyncInvoke.onError = fn.onError;
  }

  const resourceSection = mergeFragments(resolved.resources, 'resources');
  const resources = asObject(resourceSection.Resources, 'resources.Resources') as Record<string, CfnResource>;

  const config: ServerlessConfig = {
    root,
    service: String(resolved.service),
    stage: cliOptions.stage ?? 'dev',
    region: typeof provider.region === 'string' ? provider.region : 'us-east-1',
    accountId: LOCAL_ACCOUNT_ID,
    functions,
    resources,
    stepFunctions: asObject(resolved.stepFunctions, 'stepFunctions'),
    provider,
    custom: asObject(resolved.custom, 'custom'),
    extensions: asObject(resourceSection.extensions, 'resources.extensions'),
  };
  return config;
}

/** Resources of one CloudFormation type, by logical id. */
export function resourcesOfType(config: ServerlessConfig, type: string): [string, CfnResource][] {
  return Object.entries(config.resources).filter(([, resource]) => resource.Type === type);
}
