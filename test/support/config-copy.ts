/**
 * A throwaway copy of the project's serverless configuration (every `*.yml` the root serverless.yml
 * composes: serverless.yml, workflows/, ops/, services/<name>/serverless.yml), with some files
 * replaced or added, for tests that must read an edited configuration the way the framework does
 * (packages/offline-aws/src/serverless/config.ts resolves `${file(...)}` from the copy's root). No sources, no
 * node_modules: only what `loadServerlessConfig` reads.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** The project's yml files, as paths from the root. */
function configFiles(): string[] {
  const ymlIn = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.yml'))
      .map((entry) => (dir === '.' ? entry.name : `${dir}/${entry.name}`));
  const services = readdirSync(join(root, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `services/${entry.name}`);
  return ['.', 'workflows', 'ops', ...services].flatMap(ymlIn);
}

export interface ConfigCopy {
  root: string;
  remove(): void;
}

/**
 * Copies the configuration to a new temporary folder, then writes `files` (path from the root →
 * content) over it. `remove()` deletes the folder.
 */
export function configCopy(files: Readonly<Record<string, string>> = {}): ConfigCopy {
  const copy = mkdtempSync(join(tmpdir(), 'order-processing-config-'));
  for (const file of configFiles()) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), content);
  }
  return { root: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}
