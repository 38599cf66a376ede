/**
 * The system for the browser tests: `npm start -- --no-demo` in a child process with its own state
 * directory, and Debian's Chromium driven by playwright-core (no browser is ever downloaded).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { consoleOpenUrl, readConsoleKey } from 'offline-aws/console/guard';
import { readEndpointsFile } from 'offline-aws/endpoints/file';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The screenshots the READMEs show; the others go to test-results/e2e/. */
export const README_SCREENSHOTS = join('docs', 'screenshots');
export const SCREENSHOTS = join('test-results', 'e2e');

export interface RunningSystem {
  consoleUrl: string;
  /** The console's key (its routes answer 401 without it). */
  consoleKey: string;
  endpoints: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/** Starts `npm start -- --no-demo` (the same entry point, on this Node) and waits for its endpoints file. */
export async function startSystem(timeoutMs = 180_000): Promise<RunningSystem> {
  const directory = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/cli/start.ts', '--no-demo'], {
    env: { ...process.env, LOCAL_STATE_DIR: directory },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(directory, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = readEndpointsFile(directory);
    const consoleKey = readConsoleKey(directory);
    if (file?.endpoints.console && consoleKey) {
      return { consoleUrl: file.endpoints.console, consoleKey, endpoints: file.endpoints, stop };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not serve the console:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Chromium with the flags of a closed, quiet machine and a fresh profile (playwright takes the
 * profile directory as launchPersistentContext's argument, and refuses it among the args).
 */
export async function startBrowser(): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ConsoleSession {
  system: RunningSystem;
  page: Page;
  /** Closes the browser, then stops the system. */
  close(): Promise<void>;
}

/**
 * What every console suite runs on: the system and a browser on it, a page error printed (a
 * script error in the page fails no assertion by itself, but must be seen).
 */
export async function openConsole(): Promise<ConsoleSession> {
  const system = await startSystem();
  const browser = await startBrowser();
  browser.page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  // Opened once with its key, as from the URL npm start prints: the console keeps it as a cookie.
  await browser.page.goto(consoleOpenUrl(system.consoleUrl, system.consoleKey));
  return {
    system,
    page: browser.page,
    close: async () => {
      await browser.close();
      await system.stop();
    },
  };
}

/**
 * Places the sample order `sample` from the console's form, its body edited by `edit`, and waits
 * for the new execution's page.
 */
export async function placeOrderFromForm(
  page: Page,
  consoleUrl: string,
  sample: string,
  edit: (order: Record<string, unknown>) => void = () => undefined,
): Promise<void> {
  await page.goto(`${consoleUrl}/#/`);
  await page.click('#open-order-form');
  await page.selectOption('#sample', sample);
  const body = JSON.parse(await page.inputValue('#order-body')) as Record<string, unknown>;
  edit(body);
  await page.fill('#order-body', JSON.stringify(body, null, 2));
  await page.click('#place-order');
  await page.waitForURL(/#\/execution\//);
  await page.waitForSelector('#execution-status');
}
