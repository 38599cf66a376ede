/**
 * Writes a plan of `npm run new:service`, every file formatted by prettier with the project's
 * configuration first (apart from the rest: prettier cannot be loaded in Jest's CommonJS sandbox).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as prettier from 'prettier';
import type { Plan } from './plan';
import type { GeneratedFile } from './render-service';

/** The file as prettier formats it with the project's configuration (.prettierrc.json). */
export async function formatted(root: string, file: GeneratedFile): Promise<GeneratedFile> {
  const filepath = resolve(root, file.path);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return { path: file.path, content: await prettier.format(file.content, { ...options, filepath }) };
}

/** Formats every file of the plan, then writes them all (creating folders). */
export async function writePlan(root: string, plan: Plan): Promise<void> {
  const files = await Promise.all([...plan.create, ...plan.edit].map((file) => formatted(root, file)));
  for (const file of files) {
    const path = resolve(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
}
