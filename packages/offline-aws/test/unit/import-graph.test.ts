/**
 * The runtime's modules form layers: no module imports, directly or through others, a module that
 * imports it back (type-only imports aside, which vanish from the built code). A cycle is how a
 * runtime starts "climbing back up its own layers"; this test names the modules of any cycle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The package modules `file` imports for their values (relative specifiers only). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^'"]*?from '(\.[^']+)'/gm)].flatMap((match) => {
    const target = resolve(dirname(file), match[1] ?? '');
    if (existsSync(`${target}.ts`)) return [`${target}.ts`];
    return existsSync(join(target, 'index.ts')) ? [join(target, 'index.ts')] : [];
  });
}

/** Strongly connected components of more than one module (Tarjan's algorithm). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (module: string): void => {
    index.set(module, next);
    low.set(module, next);
    next += 1;
    stack.push(module);
    onStack.add(module);
    for (const dependency of graph.get(module) ?? []) {
      if (!index.has(dependency)) {
        visit(dependency);
        low.set(module, Math.min(low.get(module) ?? 0, low.get(dependency) ?? 0));
      } else if (onStack.has(dependency)) {
        low.set(module, Math.min(low.get(module) ?? 0, index.get(dependency) ?? 0));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1) found.push(component);
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return found;
}

it('no module of the runtime imports itself back through others', () => {
  const graph = new Map(sources(SRC).map((file) => [file, valueImports(file)]));
  expect(graph.size).toBeGreaterThan(50);
  const named = cycles(graph).map((cycle) => cycle.map((file) => relative(SRC, file)).join(' ↔ '));
  expect(named).toEqual([]);
});

it('finds a cycle when there is one (the check can fail)', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  expect(cycles(graph).map((cycle) => [...cycle].sort())).toEqual([['a.ts', 'b.ts', 'c.ts']]);
});
