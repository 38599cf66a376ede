/**
 * For tests of a project that runs on this runtime: limits for a machine that may be busy with
 * other work (generous enough that a test about something else never fails for the machine's
 * load; speed is measured by benchmarks, never by tests), a raw HTTP client for the local
 * endpoints, and for tests of the project watcher a throwaway copy of a project and a recorder of
 * what the watcher reports.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import type { WatchEvent } from './watch/events';

/**
 * How long an execution environment's Init may take in tests, in ms (Lambda's limit is 10 s, kept
 * by default and pinned by test/conformance/lambda-environment.test.ts): on a busy machine an
 * Init's wall time stretches far past its CPU time.
 */
export const TEST_INIT_LIMIT_MS = 120_000;

/**
 * How long a spawned command may run before a test kills it as hung, in ms: on a quiet machine the
 * commands take seconds, but with both cores busy one took four minutes (load average 21).
 */
export const PROCESS_TIMEOUT_MS = 600_000;

/** An HTTP answer as the client receives it: status, headers, the body as text and, when it is JSON, parsed. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** One HTTP request with node:http (fetch hides some headers and refuses some bodies). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text) as unknown;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.end(options.body);
  });
}

export interface ProjectCopy {
  root: string;
  remove(): void;
}

/**
 * Copies a project to a new temporary folder, to edit it while a stack runs on it (the watcher's
 * tests) without touching the original: `entries` (paths from the root; default everything) but
 * never `node_modules` or dot folders (`.local` holds bundles built from the original's files),
 * and a link to `nodeModules` as its node_modules, from which its bundles and this package resolve.
 */
export function copyProject(from: string, nodeModules: string, entries: string[] = ['.']): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), `${basename(from)}-copy-`));
  const keep = (source: string) =>
    !relative(from, source)
      .split(sep)
      .some((part) => part === 'node_modules' || (part.startsWith('.') && part !== '.' && part !== '..'));
  for (const entry of entries) cpSync(join(from, entry), join(root, entry), { recursive: true, filter: keep });
  symlinkSync(nodeModules, join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** What a watcher reported, and a wait for the next report of a kind (start it before the edit). */
export interface WatchRecorder {
  readonly events: WatchEvent[];
  onEvent(event: WatchEvent): void;
  /** @throws Error listing the reports so far when none of `kind` comes within `timeoutMs` (default 30 s). */
  next<K extends WatchEvent['kind']>(kind: K, timeoutMs?: number): Promise<Extract<WatchEvent, { kind: K }>>;
}

export function watchRecorder(): WatchRecorder {
  const events: WatchEvent[] = [];
  const waiters: { kind: string; resolve(event: WatchEvent): void }[] = [];
  return {
    events,
    onEvent(event) {
      events.push(event);
      for (const waiter of waiters.filter((w) => w.kind === event.kind)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    next(kind, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${kind}" report within ${timeoutMs} ms; reports: ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push({
          kind,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event as Extract<WatchEvent, { kind: typeof kind }>);
          },
        });
      });
    },
  };
}

/**
 * The lines a stack prints itself (RuntimeOptions `log.print`, the HTTP API's and the asynchronous
 * invoker's `print`), kept for a test to read and assert on instead of printed: a green run
 * prints nothing from a test body.
 */
export class CapturedLines {
  readonly lines: string[] = [];
  readonly print = (line: string): void => {
    this.lines.push(line);
  };
}
