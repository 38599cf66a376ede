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
export const TokenRequestSchema = z.strictObject({
  sub: z
    .string()
    .min(1, 'sub must not be empty')
    .max(128, 'sub must be at most 128 characters')
    .regex(/^[\x21-\x7e]+$/, 'sub must be printable ASCII without spaces'),
  reviewer: z.boolean().default(false),
  expiresInSeconds: z
    .number()
    .int('expiresInSeconds must be a whole number of seconds')
    .min(1, 'expiresInSeconds must be at least 1')
    .max(MAX_EXPIRES_IN_SECONDS, `expiresInSeconds must be at most ${MAX_EXPIRES_IN_SECONDS}`)
    .default(DEFAULT_EXPIRES_IN_SECONDS),
});

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

/**
 * The claims of an access token for `request`, issued at `now`: `iss`, `sub`, `aud` and
 * `client_id`, `token_use: "access"`, `scope` (space-separated), `cognito:groups` for reviewers,
 * `username`, `auth_time`, `iat`, `exp` (seconds since the epoch) and a unique `jti`.
 * @throws TokenRequestError for a bad request, or a reviewer's when the project has no reviewer role.
 */
export function tokenClaims(
  request: TokenRequest,
  identity: IssuerIdentity,
  now: Date = new Date(),
): Record<string, unknown> {
  const { sub, reviewer, expiresInSeconds } = parseTokenRequest(request);
  const iat = Math.floor(now.getTime() / 1000);
  const role = reviewer ? identity.reviewer : undefined;
  if (reviewer && !role) {
    throw new TokenRequestError('reviewer: this project declares no reviewer role (offline.config.ts roles.reviewer)');
  }
  return {
    sub,
    iss: identity.issuer,
    aud: identity.audience,
    client_id: identity.audience,
    token_use: 'access',
    scope: ['openid', ...(role?.scopes ?? [])].join(' '),
    ...(role && role.groups.length > 0 ? { 'cognito:groups': role.groups } : {}),
    username: sub,
    auth_time: iat,
    iat,
    exp: iat + expiresInSeconds,
    jti: randomUUID(),
  };
}
