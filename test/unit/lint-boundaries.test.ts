import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The architecture boundaries of eslint.config.mjs (docs/fork.md#boundaries), proven on snippets
 * linted as if they were files of the tree. ESLint loads its flat config with a dynamic import,
 * which Jest's CommonJS sandbox refuses, so the ESLint Node API runs in one child process that
 * lints every case and prints the messages.
 */
const root = resolve(__dirname, '../..');

interface Case {
  filePath: string;
  code: string;
}
interface LintMessage {
  ruleId: string | null;
  message: string;
}

const LINT_CASES = `
import { ESLint } from 'eslint';
const cases = JSON.parse(await new Promise((done) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
}));
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(out));
`;

function lintAll(cases: Case[]): LintMessage[][] {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_CASES], {
    cwd: root,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as LintMessage[][];
}

const importing = (filePath: string, specifier: string, typeOnly = false): Case => ({
  filePath,
  code: typeOnly
    ? `import type { T } from '${specifier}';\nexport type U = T;\n`
    : `import { x } from '${specifier}';\nexport const y = x;\n`,
});

const DOMAIN = 'services/inventory/domain/new-rule.ts';
const HANDLER = 'services/inventory/handlers/newHandler.ts';
const ADAPTER = 'services/inventory/adapters/new-adapter.ts';
const SCHEMAS = 'services/inventory/schemas.ts';
const SHARED = 'services/shared/new-helper.ts';
const RUNTIME = 'packages/offline-aws/src/engine/new-module.ts';
const RUNTIME_TEST = 'packages/offline-aws/test/unit/new.test.ts';

/** [what, case, the words of the message expected, or null when the import is allowed] */
const CASES: [string, Case, string | null][] = [
  ['domain → AWS SDK', importing(DOMAIN, '@aws-sdk/client-dynamodb'), 'no AWS SDK'],
  ['domain → aws-lambda types', importing(DOMAIN, 'aws-lambda', true), 'no AWS SDK'],
  ['domain → Powertools', importing(DOMAIN, '@aws-lambda-powertools/logger'), 'no AWS SDK'],
  ['domain → its adapter', importing(DOMAIN, '../adapters/stock-ledger'), 'Only handlers import adapters'],
  ['domain → a handler', importing(DOMAIN, '../handlers/reserveInventory'), 'nothing in services/ imports them'],
  ['domain → another service', importing(DOMAIN, '../../orders/schemas'), 'Services share no code'],
  ['domain → another domain', importing(DOMAIN, '../../payment/domain/payment'), 'Services share no code'],
  ['domain → shared DynamoDB client', importing(DOMAIN, '../../shared/dynamodb'), 'AWS-bound'],
  ['domain → shared DynamoDB client (#shared)', importing(DOMAIN, '#shared/dynamodb'), 'AWS-bound'],
  ['domain → shared errors (#shared)', importing(DOMAIN, '#shared/errors'), null],
  ['domain → its service logger', importing(DOMAIN, '../logger'), 'AWS-bound'],
  ['domain → the offline runtime package', importing(DOMAIN, 'offline-aws/runtime'), 'offline runtime'],
  ['domain → its schemas', importing(DOMAIN, '../schemas'), null],
  ['domain → shared errors', importing(DOMAIN, '../../shared/errors'), null],
  ['domain → a sibling', importing(DOMAIN, './reservation'), null],
  ['handler → its adapter', importing(HANDLER, '../adapters/stock-ledger'), null],
  ['handler → its domain', importing(HANDLER, '../domain/reservation'), null],
  ['handler → shared middleware', importing(HANDLER, '../../shared/middleware'), null],
  ['handler → another service', importing(HANDLER, '../../payment/adapters/payment-ledger'), 'Services share no code'],
  ['handler → the offline runtime package', importing(HANDLER, 'offline-aws/runtime'), 'offline runtime'],
  ['handler → test/', importing(HANDLER, '../../../test/support/ids'), 'offline runtime'],
  ['adapter → a domain port', importing(ADAPTER, '../domain/reservation'), null],
  ['adapter → AWS SDK', importing(ADAPTER, '@aws-sdk/lib-dynamodb'), null],
  ['adapter → a handler', importing(ADAPTER, '../handlers/reserveInventory'), 'nothing in services/ imports them'],
  ['schemas.ts → an adapter', importing(SCHEMAS, './adapters/stock-ledger'), 'Only handlers import adapters'],
  ['service module → the offline runtime package', importing(SCHEMAS, 'offline-aws/runtime'), 'offline runtime'],
  ['service module → tools/', importing(SCHEMAS, '../../tools/diagram'), 'offline runtime'],
  ['shared → a service', importing(SHARED, '../orders/schemas'), 'Services share no code'],
  ['shared → shared', importing(SHARED, './errors'), null],
  // The app's offline tools (scenarios, the invariant) and the stack tests build adapters for their own stack.
  [
    'app tool → the handlers’ adapters',
    importing('tools/offline/new-tool.ts', '../../services/orders/adapters'),
    'once per process',
  ],
  [
    'integration test → the handlers’ adapters (index)',
    importing('test/integration/x/new.test.ts', '../../../services/notification/adapters/index'),
    'once per process',
  ],
  [
    'app tool → an adapter class',
    importing('tools/offline/new-tool.ts', '../../services/orders/adapters/dynamodb-order-repository'),
    null,
  ],
  // The offline runtime package runs any project: it imports nothing of this one, and the app
  // reaches it by its package name.
  [
    'runtime → a service',
    importing(RUNTIME, '../../../services/orders/domain/access'),
    'imports nothing of the project',
  ],
  ['runtime → an app tool', importing(RUNTIME, '../../../../tools/offline/scenario'), 'imports nothing of the project'],
  ['runtime → the app’s ops', importing(RUNTIME, '../../../../ops/redrive/redrive'), 'imports nothing of the project'],
  ['runtime → offline.config.ts', importing(RUNTIME, '../../../../offline.config'), 'imports nothing of the project'],
  [
    'runtime test → the app’s tests',
    importing(RUNTIME_TEST, '../../../../test/support/ids'),
    'imports nothing of the project',
  ],
  ['runtime → its own module', importing(RUNTIME, '../runtime'), null],
  ['app tool → the runtime by name', importing('tools/offline/new-tool.ts', 'offline-aws/runtime'), null],
  [
    'app tool → the runtime by path',
    importing('tools/offline/new-tool.ts', '../../packages/offline-aws/src/runtime'),
    'package name',
  ],
  [
    'unit test → the runtime by path',
    importing('test/unit/x/new.test.ts', '../../../packages/offline-aws/src/runtime'),
    'package name',
  ],
  [
    'unit test → the handlers’ adapters',
    importing('test/unit/x/new.test.ts', '../../../services/orders/adapters'),
    null,
  ],
];

const restricted = (messages: LintMessage[]) => messages.filter((m) => m.ruleId === 'no-restricted-imports');

/** A shared module is AWS-bound if it imports an AWS runtime package, itself or through another shared module. */
function awsBoundSharedModules(): string[] {
  const dir = resolve(root, 'services/shared');
  const imports = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(resolve(dir, file), 'utf8');
    imports.set(
      file.replace(/\.ts$/, ''),
      [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? ''),
    );
  }
  const bound = (name: string, seen: Set<string>): boolean =>
    (imports.get(name) ?? []).some(
      (specifier) =>
        /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$)/.test(specifier) ||
        (specifier.startsWith('./') && !seen.has(specifier) && bound(specifier.slice(2), new Set([...seen, name]))),
    );
  return [...imports.keys()].filter((name) => bound(name, new Set()));
}

describe('architecture boundaries (eslint.config.mjs)', () => {
  const sharedModules = readdirSync(resolve(root, 'services/shared'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.replace(/\.ts$/, ''));
  let results: LintMessage[][] = [];

  beforeAll(() => {
    results = lintAll([
      ...CASES.map(([, lintCase]) => lintCase),
      ...sharedModules.map((name) => importing(DOMAIN, `../../shared/${name}`)),
    ]);
  }, 60_000);

  it.each(CASES.map(([what, , expected], index) => [what, expected ?? 'allowed', index] as const))(
    '%s: %s',
    (_what, _title, index) => {
      const expected = CASES[index]?.[2] ?? null;
      const messages = restricted(results[index] ?? []);
      if (expected === null) expect(messages).toEqual([]);
      else expect(messages.map((m) => m.message)).toEqual([expect.stringContaining(expected)]);
    },
  );

  it('keeps the domain away from exactly the AWS-bound shared modules', () => {
    const refused = sharedModules.filter((_, i) => restricted(results[CASES.length + i] ?? []).length > 0);
    expect(awsBoundSharedModules()).toEqual(expect.arrayContaining(['dynamodb', 'tracer']));
    expect(refused).toEqual(awsBoundSharedModules());
  });
});
