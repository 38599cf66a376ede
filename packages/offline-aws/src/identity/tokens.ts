/**
 * The tokens the local OpenID issuer signs: access tokens shaped like Amazon Cognito's (the
 * provider the README deploys with), accepted by the local HTTP API as API Gateway's JWT
 * authorizer accepts real ones. A user's token grants `openid`; a reviewer's also carries the
 * scopes and groups (`cognito:groups`) of the project's reviewer role (offline.config.ts
 * `roles.reviewer`, what the project's authorization reads as a reviewer).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Role } from '../app';

/** Seconds a token lives unless asked otherwise (Cognito's default access token validity). */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
/** The longest validity the issuer grants: one day (Cognito allows up to 1 day for access tokens). */
export const MAX_EXPIRES_IN_SECONDS = 86_400;

/** What a token is for: `{ sub, reviewer?, expiresInSeconds? }` (seconds, 1–86400, default 3600). */
export const TokenRequestSchema = z.strictObject(
  {
    sub: z
      .string({ error: 'sub must be a string (the user the token is for)' })
      .min(1, 'sub must not be empty')
      .max(128, 'sub must be at most 128 characters')
      .regex(/^[\x21-\x7e]+$/, 'sub must be printable ASCII without spaces'),
    reviewer: z.boolean({ error: 'reviewer must be true or false' }).default(false),
    expiresInSeconds: z
      .number({ error: 'expiresInSeconds must be a number of seconds' })
      .int('expiresInSeconds must be a whole number of seconds')
      .min(1, 'expiresInSeconds must be at least 1')
      .max(MAX_EXPIRES_IN_SECONDS, `expiresInSeconds must be at most ${MAX_EXPIRES_IN_SECONDS}`)
      .default(DEFAULT_EXPIRES_IN_SECONDS),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field: ${issue.keys.join(', ')} (a token request has sub, reviewer, expiresInSeconds)`
        : 'a token request is a JSON object { sub, reviewer?, expiresInSeconds? }',
  },
);

export type TokenRequest = z.input<typeof TokenRequestSchema>;

/** A bad token request; the message names the field. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

/** The request with its defaults, or a TokenRequestError naming what is wrong. */
export function parseTokenRequest(value: unknown): z.output<typeof TokenRequestSchema> {
  const parsed = TokenRequestSchema.safeParse(value);
  if (!parsed.success) {
    throw new TokenRequestError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  return parsed.data;
}

export interface IssuerIdentity {
  /** The `iss` of the tokens: the issuer's base URL. */
  issuer: string;
  /** The `aud` and `client_id` of the tokens: the app client the API accepts. */
  audience: string;
  /** What a reviewer's token carries (offline.config.ts `roles.reviewer`); none: reviewer tokens are refused. */
  reviewer?: Role;
}

/** What an access token says of its holder; `expiresInSeconds` from its issue. */
export interface AccessTokenSpec {
  sub: string;
  username?: string;
  email?: string;
  /** OAuth scopes, after `openid` in the `scope` claim (space separated). */
  scopes?: readonly string[];
  /** Cognito groups (`cognito:groups`), omitted when none. */
  groups?: readonly string[];
  expiresInSeconds: number;
}

/**
 * The claims of an access token shaped like Amazon Cognito's, issued at `now`: `sub`, `iss`,
 * `aud` and `client_id`, `token_use: "access"`, `scope`, `cognito:groups`, `username`, `email`,
 * `auth_time`, `iat`, `exp` (seconds since the epoch) and a unique `jti`. The one claims builder:
 * the issuer signs these (tokenClaims), and http-api/event-spec.ts flattens them as API Gateway's
 * JWT authorizer passes them (http-api/claims.ts).
 */
export function accessTokenClaims(
  spec: AccessTokenSpec,
  identity: Pick<IssuerIdentity, 'issuer' | 'audience'>,
  now: Date = new Date(),
): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  const groups = spec.groups ?? [];
  return {
    sub: spec.sub,
    iss: identity.issuer,
    aud: identity.audience,
    client_id: identity.audience,
    token_use: 'access',
    scope: ['openid', ...(spec.scopes ?? [])].join(' '),
    ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
    username: spec.username ?? spec.sub,
    ...(spec.email === undefined ? {} : { email: spec.email }),
    auth_time: iat,
    iat,
    exp: iat + spec.expiresInSeconds,
    jti: randomUUID(),
  };
}

/**
 * The claims of the access token the issuer signs for `request` (accessTokenClaims), a reviewer's
 * with the project's reviewer role.
 * @throws TokenRequestError for a bad request, or a reviewer's when the project has no reviewer role.
 */
export function tokenClaims(
  request: TokenRequest,
  identity: IssuerIdentity,
  now: Date = new Date(),
): Record<string, unknown> {
  const { sub, reviewer, expiresInSeconds } = parseTokenRequest(request);
  const role = reviewer ? identity.reviewer : undefined;
  if (reviewer && !role) {
    throw new TokenRequestError('reviewer: this project declares no reviewer role (offline.config.ts roles.reviewer)');
  }
  return accessTokenClaims({ sub, scopes: role?.scopes, groups: role?.groups, expiresInSeconds }, identity, now);
}
