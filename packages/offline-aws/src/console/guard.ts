/**
 * What keeps the console a local app (as Jupyter keeps its notebook server): a key that `npm start`
 * makes at each start and prints in the console's URL, needed by every route but the page's static
 * files, and loopback names only in `Origin` (and in `Host`, as every local endpoint checks:
 * endpoints/listen.ts), so that no other site (DNS rebinding, a form posted from a page) can drive it. The key arrives once as `?key=` in the URL, which the
 * server turns into an HttpOnly, SameSite=Strict cookie; scripts send it as the `X-Console-Key`
 * header. It is also kept in `<state dir>/console-key` (mode 0600) for the user's own tools.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { isLoopbackHost } from '../endpoints/listen';

export const CONSOLE_KEY_HEADER = 'x-console-key';
export const CONSOLE_KEY_COOKIE = 'offline_console_key';
export const CONSOLE_KEY_PARAMETER = 'key';
const KEY_FILE = 'console-key';

/** What GET /health answers, without the key: the probe of endpoints/probes.ts. */
export const CONSOLE_HEALTH = { service: 'offline-aws console' } as const;

/** A new key: 32 random bytes, base64url. */
export const newConsoleKey = (): string => randomBytes(32).toString('base64url');

/** The console's URL that carries the key (`<base>/?key=<key>`), with an optional page route (`#/…`). */
export function consoleOpenUrl(base: string, key: string, route = ''): string {
  return `${base.replace(/\/+$/, '')}/?${CONSOLE_KEY_PARAMETER}=${encodeURIComponent(key)}${route}`;
}

export const consoleKeyPath = (stateDirectory: string): string => join(stateDirectory, KEY_FILE);

/** Keeps the key where only the user can read it; removed when the system stops. */
export function writeConsoleKey(stateDirectory: string, key: string): string {
  const path = consoleKeyPath(stateDirectory);
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** The key of the console running from this state directory, if any. */
export function readConsoleKey(stateDirectory: string): string | undefined {
  try {
    return readFileSync(consoleKeyPath(stateDirectory), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export const removeConsoleKey = (stateDirectory: string): void =>
  rmSync(consoleKeyPath(stateDirectory), { force: true });

const sameKey = (given: string | undefined, key: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
};

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [cookieName, ...value] = part.trim().split('=');
    if (cookieName === name) return value.join('=');
  }
  return undefined;
}

/** Whether the request carries the key: its cookie, its header, or (for the page) its `?key=`. */
export function hasConsoleKey(request: IncomingMessage, key: string, url: URL): boolean {
  const header = request.headers[CONSOLE_KEY_HEADER];
  return (
    sameKey(cookie(request, CONSOLE_KEY_COOKIE), key) ||
    sameKey(typeof header === 'string' ? header : undefined, key) ||
    sameKey(url.searchParams.get(CONSOLE_KEY_PARAMETER) ?? undefined, key)
  );
}

/** The Set-Cookie value that keeps the key for the page's own requests (never sent cross-site). */
export const keyCookie = (key: string): string => `${CONSOLE_KEY_COOKIE}=${key}; HttpOnly; SameSite=Strict; Path=/`;

/**
 * Why a request's `Origin` is refused (a page of another site, or of another port), or undefined
 * when it is the console's own. Its `Host` is checked before, for every local endpoint
 * (endpoints/listen.ts). `Origin` is absent from same-origin GETs and from non-browser clients;
 * when present it must be the console's.
 */
export function foreignOrigin(request: IncomingMessage, port: number): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const host = /^http:\/\/([^/]+)$/.exec(origin)?.[1];
  return isLoopbackHost(host, port) ? undefined : `Origin "${origin}" is not the console's`;
}
