/**
 * The names a JWT claim lists (`scope`, `scp`, `cognito:groups`, `roles`), from any shape the claim
 * reaches a function in:
 * - a JSON array, as in the token itself (unit tests, `sls invoke local` with hand-written claims,
 *   an integration that keeps claim types): `["orders/review", "openid"]`;
 * - a string of names separated by spaces, as OAuth writes `scope` (RFC 6749 §3.3: Cognito, Auth0)
 *   and Microsoft Entra ID writes `scp`: `"openid orders/review"`;
 * - an array flattened by the HTTP API JWT authorizer into `requestContext.authorizer.jwt.claims`,
 *   where every claim is a string and an array becomes its items between brackets, separated by
 *   spaces: `"[orders/review openid]"`. AWS does not document this format (it is what deployed
 *   HTTP APIs pass); the authorizer is described at
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html.
 *
 * Returns the names in order, never an empty one. Only whitespace separates names: commas, quotes
 * and unbalanced brackets stay part of a name, so `"x,orders/review"`, `"\"orders/review\""` or
 * `"[orders/review"` are not `orders/review` (a scope may legally contain commas). Any other shape
 * (a number, an object, an array holding a non-string) is malformed and yields `[]`: a bad claim
 * means no role, never a crash. Callers compare names whole, so `orders/reviewer` or
 * `xorders/review` never stand for `orders/review`. Once flattened, an array item containing a
 * space cannot be told from two items; the role names have none.
 */
export function listClaimValues(value: unknown): string[] {
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    if (!items.every((item): item is string => typeof item === 'string')) return [];
    return items.filter((item) => item !== '');
  }
  if (typeof value !== 'string') return [];
  const text = value.trim();
  const flattened = text.startsWith('[') && text.endsWith(']');
  return (flattened ? text.slice(1, -1) : text).split(/\s+/).filter((name) => name !== '');
}
