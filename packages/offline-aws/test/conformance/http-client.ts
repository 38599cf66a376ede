/**
 * Helpers for the conformance test of the local HTTP API (src/http-api/) and its issuer: the
 * package's HTTP fixture project (test/fixtures/http-project) with other routes or settings, and
 * raw HTTP requests that show status, headers and body as the client receives them.
 */
import { join } from 'node:path';
import { loadServerlessConfig, type Json, type ServerlessConfig } from '../../src/serverless/config';

export { send, type Answer } from '../../src/testing';

// The stack tests run as ES modules (jest-light-runner with tsx's loader).
export const HTTP_PROJECT_ROOT = join(import.meta.dirname, '..', 'fixtures', 'http-project');

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
