/**
 * The local HTTP API: serves the routes serverless.yml declares on 127.0.0.1 as an API Gateway
 * HTTP API stage does — payload size limit (413), CORS preflights and headers, stage throttling
 * (429), route selection (404), the JWT authorizer (401/403), then the function, invoked with a
 * payload format 2.0 event in its own execution environments, and its result mapped to the
 * response (a failed or malformed invocation is 500 `{"message":"Internal Server Error"}`).
 * Offline, the JWT authorizers trust the local issuer instead of the stage's (`identity`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ServerlessConfig } from '../serverless/config';
import { JwtAuthorizer } from './authorizer';
import { httpApiConfig, type HttpApiConfig } from './config';
import { isPreflight, preflightResponse, withCorsHeaders } from './cors';
import { headersOf, httpApiEvent, type JwtAuthorizerContext, type ReceivedRequest } from './event';
import { gatewayResponse, integrationResponse, type GatewayResponse } from './response';
import { selectRoute } from './routes';
import { TokenBucket } from './throttle';
import { readBodyWithin } from '../endpoints/body';
import { listenLocal } from '../endpoints/listen';
import { accessLine, errorName, PROBE_HEADER, type InvocationTrigger } from '../logs/lines';
import { RequestEntityTooLargeException } from '../lambda/payload-limits';

/** HTTP API payload quota: 10 MB (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** HTTP API integration timeout: 30 s, then 503 (same page). */
export const INTEGRATION_TIMEOUT_MS = 30_000;

export interface HttpApiOptions {
  config: ServerlessConfig;
  /** Invokes a function with an event and resolves with its result (rejects when it fails). */
  invoke(functionName: string, event: unknown, options?: { trigger?: InvocationTrigger }): Promise<unknown>;
  /** What replaces every JWT authorizer's issuer and audience (offline: the local issuer's). */
  identity?: { issuerUrl: string; audience: readonly string[] };
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Request body limit in bytes (default MAX_PAYLOAD_BYTES). */
  maxPayloadBytes?: number;
  /** Receives the access log: one line per request (logs/lines.ts accessLine). Default: stderr. */
  print?: (line: string) => void;
}

export interface HttpApi {
  /** Base URL, e.g. `http://127.0.0.1:40133`. */
  url: string;
  api: HttpApiConfig;
  stop(): Promise<void>;
}

function send(response: ServerResponse, answer: GatewayResponse, requestId: string, close = false): void {
  response.writeHead(answer.statusCode, {
    ...answer.headers,
    'content-length': String(answer.body.length),
    'apigw-requestid': requestId,
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(answer.body);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the API on 127.0.0.1; resolves once it listens. Throws for a configuration it cannot serve. */
export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const api = httpApiConfig(options.config);
  const limit = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const authorizers = new Map(
    Object.values(api.authorizers).map((authorizer) => [
      authorizer.name,
      new JwtAuthorizer(
        options.identity
          ? { ...authorizer, issuerUrl: options.identity.issuerUrl, audience: options.identity.audience }
          : authorizer,
      ),
    ]),
  );
  const bucket = api.throttling ? new TokenBucket(api.throttling) : undefined;

  /** `final`: the CORS headers are already the gateway's (a preflight answer). */
  async function answer(
    request: IncomingMessage,
    requestId: string,
  ): Promise<{ answer: GatewayResponse; close?: boolean; final?: boolean }> {
    const body = await readBodyWithin(request, limit);
    if (body === undefined) return { answer: gatewayResponse(413), close: true };
    const method = (request.method ?? 'GET').toUpperCase();
    const { headers } = headersOf(request.rawHeaders);
    if (api.cors && isPreflight(method, headers)) return { answer: preflightResponse(api.cors, headers), final: true };
    if (bucket && !bucket.take()) return { answer: gatewayResponse(429) };
    const target = request.url ?? '/';
    const match = selectRoute(api.routes, method, target.split('?')[0] ?? '/');
    if (!match) return { answer: gatewayResponse(404) };
    let authorizer: JwtAuthorizerContext | undefined;
    if (match.route.authorizer) {
      const outcome = await (authorizers.get(match.route.authorizer) as JwtAuthorizer).authorize(
        headers,
        match.route.scopes,
      );
      if (!outcome.authorized) return { answer: outcome.response };
      authorizer = outcome.context;
    }
    const received: ReceivedRequest = {
      method,
      target,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
    };
    const event = httpApiEvent(received, match, {
      accountId: options.config.accountId,
      apiId: 'local',
      requestId,
      ...(authorizer ? { authorizer } : {}),
    });
    try {
      const trigger = { label: match.route.routeKey };
      const invocation = options.invoke(match.route.functionName, event, { trigger });
      const result = await withTimeout(invocation, INTEGRATION_TIMEOUT_MS);
      return { answer: result === 'timeout' ? gatewayResponse(503) : integrationResponse(result) };
    } catch (error) {
      // A body under the API's 10 MB but an event over Lambda's 6 MB: the client's request is too
      // large, so 413, not the 500 of a failed integration (fidelity.md: API Gateway says 500).
      if (error instanceof RequestEntityTooLargeException) return { answer: gatewayResponse(413), close: true };
      return { answer: gatewayResponse(500) };
    }
  }

  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const server = createServer((request, response) => {
    const requestId = randomUUID();
    const started = performance.now();
    const reply = (result: GatewayResponse, close?: boolean) => {
      send(response, result, requestId, close);
      const status = result.statusCode;
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const error = errorName(status, result.body);
      const method = request.method ?? 'GET';
      if (request.headers[PROBE_HEADER] !== undefined) return;
      print(accessLine({ method, path, status, durationMs: performance.now() - started, requestId, error }));
    };
    answer(request, requestId)
      .then(({ answer: result, close, final }) => {
        const { headers } = headersOf(request.rawHeaders);
        reply(api.cors && !final ? withCorsHeaders(api.cors, headers, result) : result, close);
      })
      .catch(() => reply(gatewayResponse(500)));
  });
  const listening = await listenLocal(server, options.port, (error) =>
    error.code === 'EADDRINUSE'
      ? new Error(
          `The HTTP API cannot listen on 127.0.0.1:${options.port}: the port is in use (choose another: --api-port)`,
        )
      : error,
  );
  return { ...listening, api };
}
