/**
 * API Gateway's JWT authorizer for HTTP APIs, as documented in "Controlling access to HTTP APIs
 * with JWT authorizers" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html)
 * and "Troubleshooting issues with HTTP API JWT authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html):
 * 1. the token is read from the identity source (`$request.header.Authorization`), with or
 *    without the `Bearer ` prefix;
 * 2. its signature is checked with the key its `kid` names in the issuer's JWKS (the `jwks_uri`
 *    of the issuer's OpenID discovery document); only RSA algorithms are accepted;
 * 3. `iss` must equal the configured issuer; `aud` must be one of the configured audiences, or,
 *    only when the token has no `aud`, `client_id`; `exp` must be after and `nbf` and `iat`
 *    before the current time;
 * 4. when the route has `authorizationScopes`, `scope` or `scp` must hold at least one of them.
 * A failure of 1–3 is 401 `{"message":"Unauthorized"}`, of 4 is 403 `{"message":"Forbidden"}`,
 * each with a `www-authenticate` header saying why (RFC 6750). Uses `jose` for JWS and JWKS.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { flattenClaims, grantedScopes } from './claims';
import type { JwtAuthorizerConfig } from './config';
import type { JwtAuthorizerContext } from './event';
import { gatewayResponse, type GatewayResponse } from './response';

/** The RSA-based JWS algorithms: API Gateway accepts only these. */
export const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export type AuthorizerOutcome =
  | { authorized: true; context: JwtAuthorizerContext }
  | { authorized: false; response: GatewayResponse; reason: string };

/** The documented description of a wrong audience; the other refusals' wording is this runtime's. */
export const INVALID_AUDIENCE = 'the token does not have a valid audience';

const unauthorized = (description: string): AuthorizerOutcome => ({
  authorized: false,
  reason: description,
  response: gatewayResponse(401, {
    'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"`,
  }),
});

const forbidden = (routeScopes: readonly string[]): AuthorizerOutcome => ({
  authorized: false,
  reason: 'insufficient scopes',
  response: gatewayResponse(403, {
    'www-authenticate': `Bearer scope="${routeScopes.join(' ')}" error="insufficient_scope" error_description="the token does not have the scopes the route requires"`,
  }),
});

/** The header an identity source `$request.header.<Name>` reads (lower-case), or an Error. */
function identityHeader(identitySource: string): string {
  const match = /^\$request\.header\.([\w-]+)$/.exec(identitySource.trim());
  if (!match?.[1]) {
    throw new Error(`identitySource ${identitySource}: only $request.header.<Name> is served locally`);
  }
  return match[1].toLowerCase();
}

/** Why a jose verification error refuses the token, in RFC 6750's `error_description` style. */
function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'iat') return 'the token was issued in the future';
    if (error.claim === 'exp') return 'the token has no expiration time';
    return `the token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is signed by a key the issuer does not publish';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token signing algorithm is not supported';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return 'the issuer keys could not be read';
  return 'the token is not a valid JWT';
}

function audienceMatches(payload: JWTPayload, audience: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const values = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return values.some((value) => audience.includes(value));
  }
  return typeof payload.client_id === 'string' && audience.includes(payload.client_id);
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** One configured JWT authorizer: its issuer's keys are fetched once (API Gateway caches them). */
export class JwtAuthorizer {
  private readonly header: string;
  private keys: Promise<KeySet> | undefined;

  constructor(readonly config: JwtAuthorizerConfig) {
    this.header = identityHeader(config.identitySource);
  }

  /** The issuer's JWKS, from the `jwks_uri` of its discovery document. */
  private keySet(): Promise<KeySet> {
    this.keys ??= (async () => {
      const discovery = `${this.config.issuerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(discovery);
      if (!response.ok) throw new errors.JWKSInvalid(`${discovery} answered ${response.status}`);
      const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
      if (typeof jwksUri !== 'string') throw new errors.JWKSInvalid(`${discovery} has no jwks_uri`);
      return createRemoteJWKSet(new URL(jwksUri));
    })();
    // A failed fetch is retried by the next request rather than remembered.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  /**
   * Decides a request: `headers` lower-cased as in the event; `routeScopes` the route's
   * `authorizationScopes` (none: no scope check, `scopes: null` in the event).
   */
  async authorize(
    headers: Readonly<Record<string, string>>,
    routeScopes: readonly string[],
    now: Date = new Date(),
  ): Promise<AuthorizerOutcome> {
    const source = headers[this.header]?.trim() ?? '';
    const token = source.replace(/^Bearer\s+/i, '').trim();
    if (token === '') return unauthorized('the token is missing');
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return unauthorized('the token is not a valid JWT');
    }
    if (typeof header.alg !== 'string' || !RSA_ALGORITHMS.includes(header.alg)) {
      return unauthorized('the token signing algorithm is not supported');
    }
    if (typeof header.kid !== 'string') return unauthorized('the token has no kid header');
    let payload: JWTPayload;
    try {
      const keys = await this.keySet();
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuerUrl,
        algorithms: RSA_ALGORITHMS,
        requiredClaims: ['exp'],
        currentDate: now,
      }));
    } catch (error) {
      return unauthorized(describe(error));
    }
    if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000)) {
      return unauthorized('the token was issued in the future');
    }
    if (!audienceMatches(payload, this.config.audience)) return unauthorized(INVALID_AUDIENCE);
    const granted = grantedScopes(payload);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => granted.includes(scope))) return forbidden(routeScopes);
    return {
      authorized: true,
      context: { claims: flattenClaims(payload), scopes: routeScopes.length > 0 ? granted : null },
    };
  }
}
