/**
 * The extension point's loader (src/app-loader.ts, docs/extension-point.md): no file is no
 * extension; a file is bundled and its default export checked field by field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOfflineApp } from '../../src/app-loader';

const project = (config?: string): string => {
  const root = mkdtempSync(join(tmpdir(), 'offline-app-'));
  if (config !== undefined) writeFileSync(join(root, 'offline.config.ts'), config);
  return root;
};

it('a project without offline.config.ts has no extension', async () => {
  await expect(loadOfflineApp(project())).resolves.toEqual({});
});

it('loads the default export, with what it imports bundled in', async () => {
  const root = project("import { seed } from './seed-name';\nexport default { seed, roles: {} };\n");
  writeFileSync(join(root, 'seed-name.ts'), "export const seed: string = 'data/seed.json';\n");
  await expect(loadOfflineApp(root)).resolves.toEqual({ seed: 'data/seed.json', roles: {} });
});

it('names the file and the field when the export does not match', async () => {
  const root = project("export default { seed: 3, colour: 'blue' };\n");
  await expect(loadOfflineApp(root)).rejects.toThrow(/offline\.config\.ts: .*seed/);
  await expect(loadOfflineApp(project("export default { colour: 'blue' };\n"))).rejects.toThrow(/colour/);
});

it('names the file when the module does not build', async () => {
  await expect(loadOfflineApp(project('export default {'))).rejects.toThrow(/offline\.config\.ts/);
});
