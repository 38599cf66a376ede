/**
 * `npm run token` (docs/commands.md, "npm run token"): one line on stdout, a JWT the running
 * system's issuer signed (found through endpoints.json); exit 1 with a clear message when no system
 * runs; exit 2 for bad arguments. The issuer runs in this process, with an endpoints file naming it.
 * One run is a process, as a user runs it; the others call the command's main() in this process
 * (runCli's exit codes: test/unit/tools/run-cli.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { writeEndpointsFile } from 'offline-aws/endpoints/file';
import { startLocalIssuer, type LocalIssuer } from 'offline-aws/identity/issuer';
import { HelpRequested, UsageError } from '../../../tools/cli/options';
import { captureCliOutput } from '../../support/cli-output';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking this process (its issuer must answer meanwhile). */
function token(stateDirectory: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // This Node with tsx's loader, as the npm script runs it (npx would add seconds per call).
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/cli/token.ts', ...args],
      { env: { ...process.env, LOCAL_STATE_DIR: stateDirectory }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

let issuer: LocalIssuer;
let running: string;
let empty: string;
let corrupt: string;
beforeAll(async () => {
  issuer = await startLocalIssuer();
  running = mkdtempSync(join(tmpdir(), 'token-cli-'));
  empty = mkdtempSync(join(tmpdir(), 'token-cli-empty-'));
  corrupt = mkdtempSync(join(tmpdir(), 'token-cli-corrupt-'));
  writeEndpointsFile(running, { pid: process.pid, endpoints: { issuer: issuer.url } });
  writeFileSync(join(corrupt, 'endpoints.json'), '{"pid": 12');
});
afterAll(async () => {
  await issuer?.stop();
  rmSync(running, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  rmSync(corrupt, { recursive: true, force: true });
});

it('prints exactly one line: a customer token the issuer signed (as a process)', async () => {
  const run = await token(running, '--sub', 'cust_1');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const { payload } = await jwtVerify(run.stdout.trim(), createRemoteJWKSet(new URL(issuer.jwksUri)), {
    issuer: issuer.url,
    audience: issuer.audience,
  });
  expect(payload).toMatchObject({ sub: 'cust_1', scope: 'openid', client_id: issuer.audience, token_use: 'access' });
  expect(payload).not.toHaveProperty('cognito:groups');
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
});

describe('in-process', () => {
  const output = captureCliOutput();
  let main: typeof import('../../../tools/cli/token').main;
  const realStateDir = process.env.LOCAL_STATE_DIR;
  beforeAll(async () => {
    ({ main } = await import('../../../tools/cli/token'));
  });
  afterAll(() => {
    if (realStateDir === undefined) delete process.env.LOCAL_STATE_DIR;
    else process.env.LOCAL_STATE_DIR = realStateDir;
  });

  it('gives --reviewer the reviewer role and --expires-in its lifetime', async () => {
    process.env.LOCAL_STATE_DIR = running;
    expect(await main(['--sub', 'rev_1', '--reviewer', '--expires-in', '120'])).toBe(0);
    const { payload } = await jwtVerify(output.stdout().trim(), createRemoteJWKSet(new URL(issuer.jwksUri)));
    expect(payload).toMatchObject({ sub: 'rev_1', scope: 'openid orders/review', 'cognito:groups': ['reviewers'] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
  });

  it('answers 1 with a clear message when no system runs', async () => {
    process.env.LOCAL_STATE_DIR = empty;
    expect(await main(['--sub', 'cust_1'])).toBe(1);
    expect(output.stdout()).toBe('');
    expect(output.stderr()).toMatch(/No local system is running .*npm start/);
  });

  it('answers 1 with the message alone (no stack) when the endpoints file is not one', async () => {
    process.env.LOCAL_STATE_DIR = corrupt;
    expect(await main(['--sub', 'cust_1'])).toBe(1);
    expect(output.stdout()).toBe('');
    expect(output.stderr()).toBe(
      `endpoints file: not valid JSON (${join(corrupt, 'endpoints.json')}): no running system can be found through it; start one with \`npm start\` (it replaces the file).\n`,
    );
  });

  it('answers --help with the usage (runCli prints it on stdout, exit 0)', async () => {
    await expect(main(['--help'])).rejects.toThrow(HelpRequested);
    await expect(main(['-h'])).rejects.toThrow(/^usage: npm run token -- --sub <id>/);
  });

  it.each([
    [[], /--sub is required/],
    [['--sub', 'two words'], /sub must be printable ASCII without spaces/],
    [['--sub', 'cust_1', '--expires-in', '0'], /--expires-in needs a whole number of seconds from 1 to 86400/],
    [['--sub', 'cust_1', '--admin'], /Unknown option '--admin'/],
  ])('refuses bad arguments %j with a UsageError (exit 2), asking nothing of the issuer', async (args, message) => {
    process.env.LOCAL_STATE_DIR = empty;
    const failure = main(args);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(/usage: npm run token -- --sub <id>/);
    expect(output.stdout()).toBe('');
  });
});
