/**
 * Loads the project's extension point (app.ts): `offline.config.ts` at the project root.
 * The module is bundled with esbuild (CommonJS, its imports of the project's own modules and
 * packages inside) and required, so it loads the same under tsx, Jest's CommonJS sandbox and the
 * `sls invoke local` plugin (plain Node), whichever of them runs the runtime.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { OfflineAppSchema, type OfflineApp } from './app';

/** The file name looked for at the project root. */
export const OFFLINE_APP_FILE = 'offline.config.ts';

const loaded = new Map<string, Promise<OfflineApp>>();

/**
 * The project's extension (`{}` when it has no offline.config.ts), loaded once per root.
 * @throws Error naming the file and the field when the module does not build, has no default
 *   export, or its export does not match OfflineAppSchema.
 */
export function loadOfflineApp(root = process.cwd()): Promise<OfflineApp> {
  let app = loaded.get(root);
  if (!app) {
    app = importOfflineApp(root);
    loaded.set(root, app);
  }
  return app;
}

async function importOfflineApp(root: string): Promise<OfflineApp> {
  const file = join(root, OFFLINE_APP_FILE);
  if (!existsSync(file)) return {};
  const outdir = join(root, '.local', 'build');
  mkdirSync(outdir, { recursive: true });
  // One file per process: several processes (test workers) may load the same project at once.
  const outfile = join(outdir, `offline-config.${process.pid}.cjs`);
  let exported: unknown;
  try {
    buildSync({
      entryPoints: [file],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['esbuild'],
      logLevel: 'silent',
    });
    exported = (createRequire(outfile)(outfile) as { default?: unknown }).default;
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    rmSync(outfile, { force: true });
  }
  const parsed = OfflineAppSchema.safeParse(exported);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(default export)'}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
