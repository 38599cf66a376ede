/**
 * One Node story, told the same way everywhere: the project runs on one Node major, which `npm ci`
 * installs (the `node` devDependency) and which installs every dependency without an "Unsupported
 * engine" warning. It is named by the README ("Node N or newer", "`npm ci` installs Node N"), both
 * package.json `engines` (the project's and offline-aws's, and their entries in package-lock.json),
 * `.nvmrc`, the minimum of tools/check-node.cjs (run before the npm scripts), the `node`
 * devDependency, the functions' Lambda runtime in serverless.yml and the runtime package's README.
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

/** `a.b.c` compared as numbers (missing parts are 0). */
const compare = (a: string, b: string): number => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) if ((x?.[i] ?? 0) !== (y?.[i] ?? 0)) return (x?.[i] ?? 0) - (y?.[i] ?? 0);
  return 0;
};

/**
 * Whether every Node from `major`.0.0 on satisfies an `engines.node` range (alternatives joined by
 * `||`, each a space-separated conjunction of comparators; `x` and `*` are wildcards): only an
 * alternative of open-ended `>=v` comparators, each with v ≤ `major`.0.0, covers them all (`^v`,
 * `~v`, `<v`, a bare version end somewhere). A form it does not know fails the test rather than
 * passing it.
 */
function admitsFrom(range: string, major: number): boolean {
  return range.split('||').some((alternative) => {
    const tokens = alternative.trim().replace(/>=\s+/g, '>=').split(/\s+/).filter(Boolean);
    return tokens.every((token) => {
      if (token === '*' || token === 'x') return true;
      const version = /^(>=|\^|~|<=|<|>|=)?v?(\d+(?:\.(?:\d+|x|\*)){0,2})$/.exec(token);
      if (!version?.[2]) throw new Error(`an engines range this test cannot read: ${range}`);
      return version[1] === '>=' && compare(version[2].replace(/\.[x*]/g, ''), `${major}.0.0`) <= 0;
    });
  });
}

it('reads engines ranges as npm does for the forms in use', () => {
  expect(admitsFrom('>=22', 24)).toBe(true);
  expect(admitsFrom('>= 22.22', 24)).toBe(true);
  expect(admitsFrom('^20.19.0 || ^22.13.0 || >=24', 24)).toBe(true);
  expect(admitsFrom('^20.19.0 || ^22.13.0 || >=24', 22)).toBe(false);
  expect(admitsFrom('>=22.22.2', 22)).toBe(false);
  expect(admitsFrom('^24.0.0', 24)).toBe(false);
  expect(admitsFrom('>= 10.x', 24)).toBe(true);
  expect(admitsFrom('>=16 || 14 >=14.17', 24)).toBe(true);
  expect(admitsFrom('6.* || 8.*', 24)).toBe(false);
  expect(admitsFrom('*', 24)).toBe(true);
  expect(() => admitsFrom('latest', 24)).toThrow('cannot read');
});

type Manifest = { engines?: { node?: unknown }; devDependencies?: Record<string, string> };
const readme = read('README.md');
const packageJson = JSON.parse(read('package.json')) as Manifest;
const runtimePackageJson = JSON.parse(read('packages/offline-aws/package.json')) as Manifest;
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, Manifest> };

const node = number(readme, /\bNode (\d+) or newer\b/, 'README.md');

it('the README says `npm ci` installs the Node it asks for', () => {
  expect(number(readme, /`npm ci` installs Node (\d+)\b/, 'README.md')).toBe(node);
});

it('both package.json `engines`, and package-lock.json’s copies of them, admit that Node and newer', () => {
  expect(packageJson.engines?.node).toBe(`>=${node}`);
  expect(runtimePackageJson.engines?.node).toBe(`>=${node}`);
  expect(lock.packages['']?.engines?.node).toBe(`>=${node}`);
  expect(lock.packages['packages/offline-aws']?.engines?.node).toBe(`>=${node}`);
});

it('the runtime package’s README names the same Node', () => {
  expect(number(read('packages/offline-aws/README.md'), /\*\*Requirements\*\*: Node (\d+) or newer/, 'README')).toBe(
    node,
  );
});

it('.nvmrc, tools/check-node.cjs, the `node` devDependency and the Lambda runtime name that Node', () => {
  expect(read('.nvmrc').trim()).toBe(String(node));
  expect(number(read('tools/check-node.cjs'), /const MINIMUM_MAJOR = (\d+);/, 'tools/check-node.cjs')).toBe(node);
  expect(number(packageJson.devDependencies?.node ?? '', /^(\d+)\./, 'devDependencies.node')).toBe(node);
  expect(number(read('serverless.yml'), /runtime: nodejs(\d+)\.x/, 'serverless.yml')).toBe(node);
});

it('every installed package’s `engines` admits every Node the project admits: `npm ci` warns of none', () => {
  const narrower = Object.entries(lock.packages).flatMap(([path, entry]) => {
    const range = entry.engines?.node;
    return typeof range === 'string' && !admitsFrom(range, node) ? [`${path}: ${range}`] : [];
  });
  expect(narrower).toEqual([]);
});
