/**
 * The local console: a web page served by `npm start` (`console` in .local/endpoints.json) that
 * shows every execution of the state machine as the Step Functions console would, from the local
 * AWS APIs only, and acts on orders through the real HTTP API.
 *
 *   GET  /                         the page (src/console/page/), its script bundled at start
 *   GET  /config.json              the running system, for the page (config.ts)
 *   GET  /health                   `{ service: "offline-aws console" }`, without the key (the probe)
 *   POST /aws/stepfunctions        AWS JSON-protocol calls to the local Step Functions endpoint
 *   POST /aws/dynamodb             … and to DynamoDB Local (reads only; proxy.ts lists the operations)
 *   POST /aws/logs                 … and to the local CloudWatch Logs (reads only: Express executions' logs)
 *   ANY  /api/<path>               the local HTTP API, with the caller's Authorization header
 *   POST /local/token              `{ sub, reviewer }` → `{ token }` from the local issuer
 *   POST /local/skip-wait          `{ executionArn }` → `{ skipped: [<Wait state>] }`: not an AWS
 *                                  API, a local-only action (docs/fidelity.md)
 *   GET  /local/logs?function=<name>&requestId=<id>
 *                                  `{ functionName, requestId, file, lines }`: one invocation's lines of
 *                                  its function's log file (START to REPORT), 404 when not kept
 *   GET  /local/invocations?executionArn=<arn>&state=<name>
 *                                  `{ invocations: [{ functionName, requestId, startedAt, durationMs,
 *                                  initDurationMs?, error?, lines? }] }`: the invocations a Task state's
 *                                  attempts made, oldest first, each with its log lines when kept
 *
 * Every route but the page's static files needs the console's key, and every request loopback
 * names in Host and Origin (guard.ts): 401 without the key, 403 for another host or origin.
 * Errors are JSON `{ message }` with 400 (bad request), 404 (no such path), 413 (a body over
 * 64 KiB), 503 (the HTTP API is not running) or 500. The server listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StepFunctionsError } from '../engine/errors';
import { parseTokenRequest, TokenRequestError } from '../identity/tokens';
import type { Runtime } from '../runtime';
import { bundlePage, PAGE_DIR } from './bundle';
import { consoleConfig } from './config';
import {
  DYNAMODB_OPERATIONS,
  LOGS_OPERATIONS,
  forwardApiCall,
  forwardAwsCall,
  BodyTooLarge,
  readBody,
  sendJson,
  STEP_FUNCTIONS_OPERATIONS,
  type ProxyTarget,
} from './proxy';
import { listenLocal } from '../endpoints/listen';
import {
  CONSOLE_HEALTH,
  CONSOLE_KEY_HEADER,
  CONSOLE_KEY_PARAMETER,
  consoleOpenUrl,
  foreignOrigin,
  hasConsoleKey,
  keyCookie,
  newConsoleKey,
} from './guard';

/** The HTTP API and its issuer, when `npm start` runs them. */
export interface ConsoleApi {
  url: string;
  mintToken(request: { sub: string; reviewer: boolean }): Promise<string>;
}

export interface ConsoleOptions {
  runtime: Runtime;
  api?: ConsoleApi;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The key every route but the page's static files needs (guard.ts); a new one by default. */
  key?: string;
}

export interface ConsoleServer {
  /** The base URL (`http://127.0.0.1:<port>`), as `.local/endpoints.json` lists it. */
  url: string;
  /** The console's key (guard.ts). */
  key: string;
  /** The URL to open: the base URL with the key (`/?key=…`). */
  openUrl: string;
  stop(): Promise<void>;
}

/** The page a browser gets without the key. */
const NEEDS_KEY_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Local console: key needed</title>' +
  '<p>This console answers only with its key. Open it with the URL <code>npm start</code> printed ' +
  '(<code>http://127.0.0.1:&lt;port&gt;/?key=…</code>); the key is also in <code>.local/console-key</code>.</p>';

/** The page's own files and the health probe: served without the key (they hold nothing of the system). */
const STATIC_PATHS = new Set(['/console.js', '/console.css', '/health']);

class BadRequest extends Error {}

/** The identity the page asks a token for, checked by the issuer's own schema (tokens.ts): a 400 naming the field. */
function consoleTokenRequest(body: Record<string, unknown>): { sub: string; reviewer: boolean } {
  try {
    // Only what the console's form sends; `reviewer` as given (a string "yes" is refused, not read as false).
    const { sub, reviewer } = parseTokenRequest({
      sub: body.sub,
      ...(body.reviewer === undefined ? {} : { reviewer: body.reviewer }),
    });
    return { sub, reviewer };
  } catch (error) {
    if (error instanceof TokenRequestError) throw new BadRequest(error.message);
    throw error;
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadRequest('The request body must be a JSON object');
}

/** GET /local/logs: one invocation's lines from its function's log file. */
function sendLogLines(runtime: Runtime, request: IncomingMessage, response: ServerResponse): void {
  const query = new URL(request.url ?? '/', 'http://console').searchParams;
  const functionName = query.get('function');
  const requestId = query.get('requestId');
  if (!functionName || !requestId) throw new BadRequest('Give function and requestId');
  if (!runtime.stack.config.functions[functionName]) throw new BadRequest(`No function "${functionName}"`);
  const lines = runtime.log.linesOf(functionName, requestId);
  if (!lines) return sendJson(response, 404, { message: `No log lines of ${functionName} for request ${requestId}` });
  sendJson(response, 200, { functionName, requestId, file: runtime.log.fileOf(functionName), lines });
}

export async function startConsole(options: ConsoleOptions): Promise<ConsoleServer> {
  const { runtime, api } = options;
  const [page, config] = await Promise.all([bundlePage(), consoleConfig(runtime, { api: api !== undefined })]);
  const html = readFileSync(join(PAGE_DIR, 'index.html'), 'utf8');
  const region = config.region;
  const stepFunctions: ProxyTarget = {
    url: runtime.sfn.url,
    prefix: 'AWSStepFunctions',
    signingName: 'states',
    operations: STEP_FUNCTIONS_OPERATIONS,
  };
  const dynamoDb: ProxyTarget = {
    url: runtime.stack.dynamoDb.endpoint,
    prefix: 'DynamoDB_20120810',
    signingName: 'dynamodb',
    operations: DYNAMODB_OPERATIONS,
  };
  const logs: ProxyTarget = {
    url: runtime.logs.url,
    prefix: 'Logs_20140328',
    signingName: 'logs',
    operations: LOGS_OPERATIONS,
    contentType: 'application/x-amz-json-1.1',
  };

  const routes = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { pathname } = new URL(request.url ?? '/', 'http://console');
    const method = request.method ?? 'GET';
    const send = (type: string, body: string) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (method === 'GET' && pathname === '/') return send('text/html; charset=utf-8', html);
    if (method === 'GET' && pathname === '/console.js') return send('text/javascript; charset=utf-8', page.script);
    if (method === 'GET' && pathname === '/console.css') return send('text/css; charset=utf-8', page.css);
    if (method === 'GET' && pathname === '/config.json') return sendJson(response, 200, config);
    if (method === 'GET' && pathname === '/health') return sendJson(response, 200, CONSOLE_HEALTH);
    if (method === 'POST' && pathname === '/aws/stepfunctions')
      return forwardAwsCall(stepFunctions, region, request, response);
    if (method === 'POST' && pathname === '/aws/dynamodb') return forwardAwsCall(dynamoDb, region, request, response);
    if (method === 'POST' && pathname === '/aws/logs') return forwardAwsCall(logs, region, request, response);
    if (pathname.startsWith('/api/')) {
      if (!api) return sendJson(response, 503, { message: 'The HTTP API is not running in this system' });
      return forwardApiCall(api.url, pathname.slice('/api'.length), request, response);
    }
    if (method === 'POST' && pathname === '/local/token') {
      if (!api) return sendJson(response, 503, { message: 'The local token issuer is not running in this system' });
      const body = parseJsonObject(await readBody(request));
      const token = await api.mintToken(consoleTokenRequest(body));
      return sendJson(response, 200, { token });
    }
    if (method === 'POST' && pathname === '/local/skip-wait') {
      const body = parseJsonObject(await readBody(request));
      if (typeof body.executionArn !== 'string') throw new BadRequest('"executionArn" must be a string');
      return sendJson(response, 200, { skipped: runtime.runner.skipWait(body.executionArn) });
    }
    if (method === 'GET' && pathname === '/local/logs') return sendLogLines(runtime, request, response);
    if (method === 'GET' && pathname === '/local/invocations') {
      const query = new URL(request.url ?? '/', 'http://console').searchParams;
      const executionArn = query.get('executionArn');
      const state = query.get('state');
      if (!executionArn || !state) throw new BadRequest('Give executionArn and state');
      const invocations = runtime.log.invocationsOf(executionArn, state).map(({ trigger: _trigger, ...summary }) => ({
        ...summary,
        lines: runtime.log.linesOf(summary.functionName, summary.requestId),
      }));
      return sendJson(response, 200, { invocations });
    }
    sendJson(response, 404, { message: `No ${method} ${pathname} here` });
  };

  const key = options.key ?? newConsoleKey();
  let port = 0;
  /** The guard (guard.ts): a loopback Origin (Host: listenLocal), then the key; true when the route may run. */
  const admitted = (request: IncomingMessage, response: ServerResponse): boolean => {
    const foreign = foreignOrigin(request, port);
    if (foreign) {
      sendJson(response, 403, { message: `${foreign}: the console answers its loopback names only` });
      return false;
    }
    const url = new URL(request.url ?? '/', 'http://console');
    if (request.method === 'GET' && STATIC_PATHS.has(url.pathname)) return true;
    if (!hasConsoleKey(request, key, url)) {
      if (request.method === 'GET' && url.pathname === '/') {
        response.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(NEEDS_KEY_PAGE);
      } else {
        sendJson(response, 401, {
          message: `This console needs its key: open the URL npm start printed, or send the ${CONSOLE_KEY_HEADER} header`,
        });
      }
      return false;
    }
    if (url.searchParams.has(CONSOLE_KEY_PARAMETER)) {
      // The key arrived in the URL: kept as a cookie, and the URL without it (the page's route, in
      // the fragment, is kept by the browser across the redirect).
      response.writeHead(302, { location: '/', 'set-cookie': keyCookie(key), 'cache-control': 'no-store' });
      response.end();
      return false;
    }
    return true;
  };
  const server = createServer((request, response) => {
    if (!admitted(request, response)) return;
    routes(request, response).catch((error: unknown) => {
      const known = error instanceof BadRequest || error instanceof StepFunctionsError;
      const tooLarge = error instanceof BodyTooLarge;
      if (!response.headersSent) {
        sendJson(response, tooLarge ? 413 : known ? 400 : 500, { message: (error as Error).message });
      } else response.end();
    });
  });
  const listening = await listenLocal(server, options.port);
  port = Number(new URL(listening.url).port);
  return { ...listening, key, openUrl: consoleOpenUrl(listening.url, key) };
}
