/**
 * How API Gateway's JWT authorizer hands a verified token's claims to the function
 * (`requestContext.authorizer.jwt.claims`, payload 2.0): every value becomes a string. AWS does
 * not document the format (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * only says the claims are passed); deployed HTTP APIs pass what Go's `%v` prints, which users
 * report: numbers as their digits (`"exp": "1795604400"`), an array as `"[a b]"`, an object as
 * `"map[key:value]"` (keys sorted). docs/identity-providers.md shows what the services read.
 */

/** A JSON value as the gateway prints it inside an array or object (Go's `%v`). */
function printed(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printed).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([key, item]) => `${key}:${printed(item)}`).join(' ')}]`;
}

/**
 * The claims of a verified JWT payload as the function receives them: `{ claim: string }`.
 * `{ exp: 1795604400, scp: ['openid', 'orders/review'], email_verified: true }` →
 * `{ exp: '1795604400', scp: '[openid orders/review]', email_verified: 'true' }`.
 */
export function flattenClaims(payload: Readonly<Record<string, unknown>>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    claims[name] = printed(value);
  }
  return claims;
}

/**
 * The scopes a token grants, for the route's `authorizationScopes`: the `scp` claim when present
 * (an array, or a space-separated string as Entra ID sends it), else `scope` (space-separated).
 */
export function grantedScopes(payload: Readonly<Record<string, unknown>>): string[] {
  const fromClaim = (value: unknown): string[] | undefined => {
    if (typeof value === 'string') return value.split(' ').filter((scope) => scope !== '');
    if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string');
    return undefined;
  };
  return fromClaim(payload.scp) ?? fromClaim(payload.scope) ?? [];
}
