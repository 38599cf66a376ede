/**
 * Edit while it runs: watches a running project's files (chokidar) as `sam sync --watch` and
 * serverless-offline's reload do, and applies each burst of saves to the stack (reload.ts): the
 * functions whose bundles a changed file is part of are rebuilt, a changed state machine
 * definition is reloaded for new executions, and a change that does not build is reported while
 * the last good build keeps serving. What it does is reported as WatchEvents (events.ts).
 *
 * Watched: every file under the project root with a source or configuration extension, except
 * under `node_modules` and dot folders (`.local`, `.git`, …). Code a function bundles from
 * node_modules (a linked workspace package, say) is not watched: a restart picks it up.
 */
import type { Stats } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { WorkflowRunner } from '../engine/runner';
import { defaultCacheDir } from '../lambda/bundle';
import type { LambdaPool } from '../lambda/pool';
import type { LoadOptions, ServerlessConfig } from '../serverless/config';
import type { WatchEvent } from './events';
import { Reloader } from './reload';

export { describeWatchEvent, type WatchEvent } from './events';

const WATCHED_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.yml', '.yaml']);

export interface WatchOptions {
  /** Receives what each burst of saves changed (also every failure): one event per kind of change. */
  onEvent(event: WatchEvent): void;
  /** ms without a new save before a burst is applied (default 200): an editor's save-all is one burst. */
  debounceMs?: number;
}

export interface WatchTargets {
  config: ServerlessConfig;
  /** How the running configuration was loaded (root, stage). */
  load: LoadOptions & { root: string };
  lambdas: LambdaPool;
  runner: WorkflowRunner;
  /** Where the pool caches bundles (its `cacheDir`; default `<root>/.local/lambda/<service>-<stage>`). */
  cacheDir?: string;
}

export interface ProjectWatcher {
  /** Resolves once every burst seen so far has been applied (tests wait on it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function ignoredUnder(root: string) {
  return (path: string, stats?: Stats): boolean => {
    const parts = relative(root, path).split(sep);
    if (parts.some((part) => part === 'node_modules' || (part.startsWith('.') && part !== '..' && part !== '.'))) {
      return true;
    }
    return stats?.isFile() === true && !WATCHED_EXTENSIONS.has(extname(path));
  };
}

/**
 * Starts watching; resolves once the watcher has read the tree (a save after that is seen).
 * @throws Error when serverless.yml cannot be read, or the watcher cannot start.
 */
export async function watchProject(targets: WatchTargets, options: WatchOptions): Promise<ProjectWatcher> {
  const { root } = targets.load;
  const buildDir = join(targets.cacheDir ?? defaultCacheDir(targets.config), `watch-${process.pid}`);
  const reloader = new Reloader({ ...targets, buildDir });
  // chokidar is ESM-only: loaded when a watch starts, not by every importer of the runtime.
  const { watch } = await import('chokidar');
  const watcher: FSWatcher = watch(root, { ignored: ignoredUnder(root), ignoreInitial: true });
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let applying: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    // One burst at a time, in order: a save during a rebuild is applied after it.
    applying = applying
      .then(async () => {
        for (const event of await reloader.apply(files)) options.onEvent(event);
      })
      .catch((error: unknown) => options.onEvent({ kind: 'watch-error', error: String(error) }));
  };
  const changed = (path: string) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 200);
  };
  watcher.on('add', changed).on('change', changed).on('unlink', changed);
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  watcher.on('error', (error) => options.onEvent({ kind: 'watch-error', error: String(error) }));

  return {
    async idle() {
      while (timer !== undefined || pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await applying;
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
      await watcher.close();
      await applying.catch(() => undefined);
      reloader.dispose();
    },
  };
}
