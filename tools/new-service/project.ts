/**
 * The generator's reads of the project: what it already has (for the argument checks), whether a
 * plan would overwrite anything, and the files the plan's edits start from. (Writing: write.ts.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { loadServices } from '../offline/services';
import type { Taken } from './names';
import type { Plan } from './plan';

const directories = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];

/** Services, functions, resources and variables the project has (serverless.yml as the framework reads it). */
export async function takenIn(root: string): Promise<Taken> {
  const config = loadServerlessConfig({ root });
  const declarations = await loadServices(root);
  return {
    serviceDirs: directories(resolve(root, 'services')),
    reportAs: declarations.flatMap((service) => (service.orderRecord ? [service.orderRecord.reportAs] : [])),
    functions: [...Object.keys(config.functions), ...directories(resolve(root, 'events'))],
    resources: Object.keys(config.resources),
    environment: [...new Set(Object.values(config.functions).flatMap((fn) => Object.keys(fn.environment)))],
  };
}

/** The files of the plan to create that already exist (the generator never overwrites one). */
export const existingFiles = (root: string, plan: Plan): string[] =>
  plan.create.filter((file) => existsSync(resolve(root, file.path))).map((file) => file.path);

/** Reads a project file as text (the plan's edits start from it). */
export const reader =
  (root: string) =>
  (path: string): string =>
    readFileSync(resolve(root, path), 'utf8');
