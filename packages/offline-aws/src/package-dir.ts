/**
 * Where this package's own files are (the Lambda bootstrap, the console page), found the way the
 * project that depends on it finds it: Node's resolution from the project root's package.json.
 * Works the same whether the package is a workspace (a link in node_modules, resolved to its real
 * folder) or installed from a registry, and in CommonJS and ESM alike.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The package's folder (the one holding its package.json).
 * @param projectRoot the project that depends on the package (default: the working directory).
 * @throws Error (Node's MODULE_NOT_FOUND) when the project does not depend on `offline-aws`.
 */
export function packageDir(projectRoot = process.cwd()): string {
  return dirname(createRequire(join(projectRoot, 'package.json')).resolve('offline-aws/package.json'));
}

/** A file of the package's sources (`src/<...parts>`). */
export const packageSource = (projectRoot: string, ...parts: string[]): string =>
  join(packageDir(projectRoot), 'src', ...parts);
