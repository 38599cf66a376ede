/**
 * Helpers for the conformance test of the local HTTP API (src/http-api/) and its issuer: the
 * package's HTTP fixture project (test/fixtures/http-project) with other routes or settings, and
 * raw HTTP requests that show status, headers and body as the client receives them.
 */
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { loadServerlessConfig, type Json, type ServerlessConfig } from '../../src/serverless/config';

// The stack tests run as ES modules (jest-light-runner with tsx's loader).
export const HTTP_PROJECT_ROOT = join(import.meta.dirname, '..', 'fixtures', 'http-project');

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

/** The fixture project's configuration with `provider.httpApi`, stage settings or routes changed. */
export function configVariant(
  change: { httpApi?: Json; stageSettings?: Json; routes?: Record<string, Json[]> } = {},
): ServerlessConfig {
  const base = loadServerlessConfig({ root: HTTP_PROJECT_ROOT });
  const template = base.functions.getItem as ServerlessConfig['functions'][string];
  return {
    ...base,
    provider: change.httpApi === undefined ? base.provider : { ...base.provider, httpApi: change.httpApi },
    extensions:
      change.stageSettings === undefined
        ? base.extensions
        : { HttpApiStage: { Properties: { DefaultRouteSettings: change.stageSettings } } },
    functions:
      change.routes === undefined
        ? base.functions
        : Object.fromEntries(
            Object.entries(change.routes).map(([name, events]) => [name, { ...template, name, events }]),
          ),
  };
}
