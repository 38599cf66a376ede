/**
 * The local OpenID issuer: an RSA signing key generated at start (never written anywhere), served
 * as an OpenID Connect issuer is (https://openid.net/specs/openid-connect-discovery-1_0.html):
 *
 *   GET  /.well-known/openid-configuration   the discovery document (`issuer`, `jwks_uri`, …)
 *   GET  /.well-known/jwks.json              the public key (JWKS), which API Gateway's JWT
 *                                            authorizer fetches through `jwks_uri`
 *   POST /tokens                             `{ sub, reviewer?, expiresInSeconds? }` →
 *                                            `{ access_token, token_type: "Bearer", expires_in }`
 *                                            (local only, not an OAuth token endpoint, so the
 *                                            discovery document does not name it: what
 *                                            `npm run token` and the console call)
 *
 * The issuer identifier is the base URL, `http://127.0.0.1:<port>`: the `iss` of its tokens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  calculateJwkThumbprint,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import { loadOfflineApp } from '../app-loader';
import { parseTokenRequest, tokenClaims, TokenRequestError, type TokenRequest } from './tokens';
import { listenLocal } from '../endpoints/listen';
import { readBodyWithin } from '../endpoints/body';

/** The audience (and `client_id`) of local tokens: the stage's `jwtAudience` is replaced by it offline. */
export const LOCAL_AUDIENCE = 'order-processing-local';
const ALGORITHM = 'RS256';
const MAX_TOKEN_REQUEST_BYTES = 4096;

export interface LocalIssuer {
  /** The issuer identifier and base URL, e.g. `http://127.0.0.1:40131`. */
  url: string;
  audience: string;
  jwksUri: string;
  /** Signs an access token for `request` (see TokenRequestSchema); TokenRequestError for bad input. */
  mintToken(request: TokenRequest): Promise<string>;
  /**
   * Signs any claims with the issuer's key (RS256, its `kid`), `header` overriding the protected
   * header: for tests of what the authorizer refuses (expired, wrong audience, no `kid`, …).
   */
  sign(claims: JWTPayload, header?: Partial<JWTHeaderParameters>): Promise<string>;
  stop(): Promise<void>;
}

export interface LocalIssuerOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  audience?: string;
  /** The project whose offline.config.ts names the reviewer role (default: the working directory). */
  root?: string;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const body = await readBodyWithin(request, MAX_TOKEN_REQUEST_BYTES);
  if (body === undefined) throw new TokenRequestError(`the request body is over ${MAX_TOKEN_REQUEST_BYTES} bytes`);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new TokenRequestError('the request body is not valid JSON');
  }
}

/** Starts the issuer on 127.0.0.1; resolves once it listens. */
export async function startLocalIssuer(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
  const audience = options.audience ?? LOCAL_AUDIENCE;
  const reviewer = (await loadOfflineApp(options.root)).roles?.reviewer;
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks = { keys: [{ ...publicJwk, kid, alg: ALGORITHM, use: 'sig' }] };
  let url = '';

  const mintToken = async (request: TokenRequest): Promise<string> => {
    const claims = tokenClaims(request, { issuer: url, audience, ...(reviewer ? { reviewer } : {}) });
    return new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' }).sign(privateKey);
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      send(response, 200, {
        issuer: url,
        jwks_uri: `${url}/.well-known/jwks.json`,
        response_types_supported: ['token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [ALGORITHM],
        scopes_supported: ['openid', ...(reviewer?.scopes ?? [])],
        claims_supported: ['sub', 'iss', 'aud', 'client_id', 'scope', 'cognito:groups', 'username', 'exp', 'iat'],
      });
      return;
    }
    if (request.method === 'GET' && path === '/.well-known/jwks.json') {
      send(response, 200, jwks);
      return;
    }
    if (request.method === 'POST' && path === '/tokens') {
      readJson(request)
        .then(async (body) => {
          const parsed = parseTokenRequest(body);
          const token = await mintToken(parsed);
          send(
            response,
            200,
            { access_token: token, token_type: 'Bearer', expires_in: parsed.expiresInSeconds },
            { 'cache-control': 'no-store' },
          );
        })
        .catch((error: unknown) => {
          if (error instanceof TokenRequestError)
            send(response, 400, { error: 'invalid_request', error_description: error.message });
          else send(response, 500, { error: 'server_error', error_description: String(error) });
        });
      return;
    }
    send(response, 404, {
      error: 'not_found',
      error_description: `${request.method ?? ''} ${path ?? ''} is not served by the local issuer`,
    });
  });
  const listening = await listenLocal(server, options.port);
  url = listening.url;
  return {
    url,
    audience,
    jwksUri: `${url}/.well-known/jwks.json`,
    mintToken,
    sign: (claims, header = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT', ...header }).sign(privateKey),
    stop: listening.stop,
  };
}
