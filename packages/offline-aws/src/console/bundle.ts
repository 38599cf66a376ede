/**
 * The page's script, bundled with esbuild when the console starts (about a second), kept in memory.
 * The page imports the cost model (cost/model.ts), whose price loader reads a file
 * with node:fs; the page gets its prices from /config.json instead, so those Node modules are
 * replaced by stubs that throw if ever called.
 */
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';
import { packageSource } from '../package-dir';

/** The page's sources (the project root is the working directory, as for every npm script). */
export const PAGE_DIR = packageSource(process.cwd(), 'console', 'page');

const nodeStubs: Plugin = {
  name: 'node-stubs',
  setup(context) {
    context.onResolve({ filter: /^node:(fs|path|module)$/ }, (args) => ({ path: args.path, namespace: 'node-stub' }));
    context.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({
      contents:
        'const unavailable = () => { throw new Error("not available in the browser"); };\n' +
        'export const readFileSync = unavailable, join = unavailable, dirname = unavailable, createRequire = unavailable;',
      loader: 'js',
    }));
  },
};

/** The bundled script (ES module) and stylesheet of the page. @throws Error with esbuild's messages. */
export async function bundlePage(): Promise<{ script: string; css: string }> {
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [nodeStubs],
    outdir: 'out',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  return { script, css };
}
