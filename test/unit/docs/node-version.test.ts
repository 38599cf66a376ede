/**
 * One Node story, told the same way everywhere. Two numbers:
 *
 * - the Node that can run `npm ci` (README "Node 20 or newer", package.json `engines`);
 * - the Node the project runs on, which `npm ci` installs (README "`npm ci` installs Node 24"):
 *   `.nvmrc`, the minimum of tools/check-node.cjs (run before the npm scripts), the `node`
 *   devDependency that provides it, and the functions' Lambda runtime in serverless.yml.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

/** The first capture of `pattern` in `text` as a number; fails naming what was looked for. */
function number(text: string, pattern: RegExp, where: string): number {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`${where}: no match for ${String(pattern)}`);
  return Number(match[1]);
}

const readme = read('README.md');
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

const installNode = number(readme, /\bNode (\d+) or newer\b/, 'README.md');
const runtimeNode = number(readme, /`npm ci` installs Node (\d+)\b/, 'README.md');

it('package.json engines admit exactly the Node the README says can run `npm ci`', () => {
  expect(packageJson.engines.node).toBe(`>=${installNode}`);
});

it('.nvmrc names the Node the README says the project runs on', () => {
  expect(read('.nvmrc').trim()).toBe(String(runtimeNode));
});

it('tools/check-node.cjs requires that Node before the npm scripts run', () => {
  expect(number(read('tools/check-node.cjs'), /const MINIMUM_MAJOR = (\d+);/, 'tools/check-node.cjs')).toBe(
    runtimeNode,
  );
});

it('the `node` devDependency installs that Node, and the functions run on its Lambda runtime', () => {
  expect(number(packageJson.devDependencies.node ?? '', /^(\d+)\./, 'devDependencies.node')).toBe(runtimeNode);
  expect(number(read('serverless.yml'), /runtime: nodejs(\d+)\.x/, 'serverless.yml')).toBe(runtimeNode);
});

it('installing needs no newer Node than running', () => {
  expect(installNode).toBeLessThanOrEqual(runtimeNode);
});
