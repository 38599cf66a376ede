/**
 * The services' declarations (services/<name>/service.ts), found by looking, not listed: a new
 * service folder with a service.ts is picked up by the offline runtime, the invariant and the tests.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OrderRecordDeclaration, ServiceDeclaration, TaskDeclaration } from '../../services/shared/declaration';

export type { OrderRecordDeclaration, ServiceDeclaration, TaskDeclaration };

/** Service folders that have a declaration, sorted (services/shared is the kernel, not a service). */
export function serviceNames(root = process.cwd()): string[] {
  const dir = join(root, 'services');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'service.ts')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Loads every declaration.
 * @throws Error naming the file when a service.ts has no default export with the folder's name.
 */
export async function loadServices(root = process.cwd()): Promise<ServiceDeclaration[]> {
  return Promise.all(
    serviceNames(root).map(async (name) => {
      const file = resolve(root, 'services', name, 'service.ts');
      const module = (await import(file)) as { default?: ServiceDeclaration };
      const declaration = module.default;
      if (!declaration || declaration.name !== name) {
        throw new Error(`${file}: expected \`export default defineService({ name: '${name}', … })\``);
      }
      return declaration;
    }),
  );
}

/** Every Task function of every service, with its service. */
export function taskFunctions(
  services: readonly ServiceDeclaration[],
): { service: string; name: string; task: TaskDeclaration }[] {
  return services.flatMap((service) =>
    Object.entries(service.tasks).map(([name, task]) => ({ service: service.name, name, task })),
  );
}
