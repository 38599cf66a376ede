/**
 * `npm run new:service -- loyalty` on a copy of the repository (its files as git lists them, and a
 * link to node_modules), then everything a fork would run, in that copy: typecheck, lint, the new
 * service's own tests, the whole `npm test` (whose property, idempotency, sample-event and console
 * tests now include it), `sls package` (every function), the template check of that package, and
 * `sls invoke local` of its Task with its valid sample event. Slow (minutes): `npm run test:slow`,
 * not part of `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { javaProcessesFor } from '../support/processes';

const root = resolve(import.meta.dirname, '../..');
/** The existing files the generator edits. */
const WIRED = [
  'serverless.yml',
  'ops/serverless.yml',
  'test/support/arbitraries/task-inputs.ts',
  'test/integration/reliability/idempotency.test.ts',
];
const MINUTES = 60_000;
let copy: string;
let packageDir: string;
let dataDir: string;

/** The repository as git sees it (tracked files and new ones not ignored), without node_modules. */
function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  }).split('\0');
  for (const file of files.filter((f) => f !== '' && existsSync(join(root, f)))) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(root, file), join(to, file));
  }
  symlinkSync(join(root, 'node_modules'), join(to, 'node_modules'), 'dir');
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'new-service-'));
  packageDir = mkdtempSync(join(tmpdir(), 'new-service-package-'));
  dataDir = mkdtempSync(join(tmpdir(), 'new-service-data-'));
  copyRepository(copy);
}, 5 * MINUTES);

afterAll(() => {
  for (const dir of [copy, packageDir, dataDir]) rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in the copy (no timeout but a backstop: the machine may be slow); its code and output. */
function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; output: string } {
  // The commands run their own Jest: not as a worker of this one.
  const environment = { ...process.env, ...env };
  delete environment.JEST_WORKER_ID;
  delete environment.NODE_ENV;
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    env: environment,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * MINUTES,
  });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Asserts exit code 0, showing the output when it is not. */
function expectSuccess(result: { code: number | null; output: string }): string {
  if (result.code !== 0) throw new Error(`exit code ${String(result.code)}:\n${result.output.slice(-20_000)}`);
  return result.output;
}

it(
  'refuses a bad name with exit code 2 and writes nothing',
  () => {
    const result = run('npm', ['run', '--silent', 'new:service', '--', 'Loyalty']);
    expect(result.code).toBe(2);
    expect(result.output).toContain('must be lowercase letters and digits');
    expect(existsSync(join(copy, 'services', 'Loyalty'))).toBe(false);
    for (const file of WIRED)
      expect(readFileSync(join(copy, file), 'utf8')).toBe(readFileSync(join(root, file), 'utf8'));
  },
  5 * MINUTES,
);

it(
  'generates services/loyalty and wires it in',
  () => {
    const output = expectSuccess(run('npm', ['run', '--silent', 'new:service', '--', 'loyalty']));
    expect(output).toContain('services/loyalty/handlers/recordLoyalty.ts');
    // The state to paste into the definition, with the blocks every state shares.
    expect(output).toContain('    Retry: ${file(workflows/error-handling.yml):retry.forward}');
    expect(readFileSync(join(copy, 'serverless.yml'), 'utf8')).toContain('services/loyalty/serverless.yml):functions');
    // No hand-written alarms: packaging generates them (checked by check:template below).
    expect(readFileSync(join(copy, 'ops/serverless.yml'), 'utf8')).not.toContain('RecordLoyaltyErrorsAlarm:');
  },
  5 * MINUTES,
);

it(
  'refuses to generate it again (exit code 2)',
  () => {
    const again = run('npm', ['run', '--silent', 'new:service', '--', 'loyalty']);
    expect(again.code).toBe(2);
    expect(again.output).toContain('services/loyalty/ already exists');
  },
  5 * MINUTES,
);

it(
  'typechecks',
  () => {
    expectSuccess(run('npm', ['run', 'typecheck']));
  },
  10 * MINUTES,
);

it(
  'lints (ESLint with the service boundaries, and prettier)',
  () => {
    expectSuccess(run('npm', ['run', 'lint']));
  },
  10 * MINUTES,
);

it(
  'passes its own unit and integration tests',
  () => {
    const output = expectSuccess(run('npx', ['jest', '-i', 'test/unit/loyalty', 'test/integration/loyalty']));
    expect(output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  },
  15 * MINUTES,
);

it(
  'passes the whole `npm test` with it: the tests that read every declaration (properties, idempotency, sample events, the console) included',
  () => {
    // The whole suite, not a list of the files that read the declarations: a test that hard-codes
    // the project's services fails here.
    const output = expectSuccess(run('npm', ['test', '--', '--verbose']));
    expect(output).toMatch(/PASS unit test\/unit\/loyalty\//);
    expect(output).toContain('recordLoyalty');
    expect(output).toContain('events/recordLoyalty');
  },
  30 * MINUTES,
);

it(
  'packages every function, and the packaged template passes the template check',
  () => {
    expectSuccess(run('npx', ['sls', 'package', '--stage', 'prod', '--package', packageDir]));
    const functions = Object.keys(loadServerlessConfig({ root: copy }).functions);
    expect(functions).toContain('recordLoyalty');
    expect(functions.filter((fn) => !existsSync(join(packageDir, `${fn}.zip`)))).toEqual([]);
    const template = join(packageDir, 'cloudformation-template-update-stack.json');
    expectSuccess(run('npm', ['run', 'check:template', '--', '--stage', 'prod', '--template', template]));
  },
  20 * MINUTES,
);

it(
  'runs its Task offline with its valid sample event, and leaves no DynamoDB Local behind',
  () => {
    const output = expectSuccess(
      run('npx', ['sls', 'invoke', 'local', '-f', 'recordLoyalty', '-p', 'events/recordLoyalty/valid.json'], {
        OFFLINE_DATA_DIR: dataDir,
        POWERTOOLS_LOG_LEVEL: 'WARN',
      }),
    );
    expect(output).toContain('"status": "RECORDED"');
    expect(javaProcessesFor(dataDir)).toBe('');
  },
  10 * MINUTES,
);
