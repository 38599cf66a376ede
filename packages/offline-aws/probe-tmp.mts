import { aslValidatorIssues } from './src/engine/asl-validation';
const make = (depth: number, kind: 'Parallel' | 'Map') => {
  let branches: object = { StartAt: 'L', States: { L: { Type: 'Pass', End: true } } };
  for (let i = 0; i < depth; i += 1) branches = { StartAt: `P${i}`, States: { [`P${i}`]: kind === 'Parallel' ? { Type: 'Parallel', Branches: [branches], End: true } : { Type: 'Map', ItemProcessor: branches, End: true } } };
  return branches;
};
aslValidatorIssues(make(3, 'Parallel') as never, [], () => undefined);
for (const kind of ['Parallel', 'Map'] as const) for (const depth of [16, 18, 20, 22]) {
  const t = Date.now();
  aslValidatorIssues(make(depth, kind) as never, [], () => undefined);
  console.log(kind, depth, Date.now() - t);
}
