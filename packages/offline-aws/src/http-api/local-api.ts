/**
 * What `npm start` serves for clients of the API: the local OpenID issuer and the HTTP API whose
 * JWT authorizers trust it (the stage's issuer and audience replaced, everything else as the
 * stage configures it). Endpoints `issuer` and `api` of `.local/endpoints.json`.
 */
import { startLocalIssuer, type LocalIssuer } from '../identity/issuer';
import type { ServerlessConfig } from '../serverless/config';
import { startHttpApi, type HttpApi, type HttpApiOptions } from './server';

export interface LocalApiOptions {
  config: ServerlessConfig;
  /** Invokes a function in its execution environments (Runtime.invoke). */
  invoke: HttpApiOptions['invoke'];
  /** Receives the API's access log, a line per request (Runtime.log.print; default stderr). */
  print?: (line: string) => void;
  /** The API's port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** The issuer's port on 127.0.0.1 (default: a free one). */
  issuerPort?: number;
}

export interface LocalApi {
  api: HttpApi;
  issuer: LocalIssuer;
  /** `{ api, issuer }`: base URLs for `.local/endpoints.json`. */
  endpoints: { api: string; issuer: string };
  stop(): Promise<void>;
}

/** Starts the issuer, then the API trusting it; stops the issuer again if the API cannot start. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const issuer = await startLocalIssuer({ port: options.issuerPort });
  let api: HttpApi;
  try {
    api = await startHttpApi({
      config: options.config,
      invoke: (name, event, invokeOptions) => options.invoke(name, event, invokeOptions),
      identity: { issuerUrl: issuer.url, audience: [issuer.audience] },
      port: options.port,
      print: options.print,
    });
  } catch (error) {
    await issuer.stop();
    throw error;
  }
  return {
    api,
    issuer,
    endpoints: { api: api.url, issuer: issuer.url },
    async stop() {
      await api.stop();
      await issuer.stop();
    },
  };
}
