/**
 * The local issuer's claims (src/identity/tokens.ts) take the reviewer role from the project
 * (offline.config.ts `roles.reviewer`, docs/extension-point.md), shaped as Amazon Cognito's access
 * tokens: the role's scopes after `openid`, its groups as `cognito:groups`.
 */
import { tokenClaims, TokenRequestError } from '../../src/identity/tokens';

const identity = { issuer: 'http://127.0.0.1:1', audience: 'aud' };
const role = { scopes: ['notes/moderate'], groups: ['moderators'] };

it("a reviewer's token carries the project's role", () => {
  const claims = tokenClaims({ sub: 'r1', reviewer: true }, { ...identity, reviewer: role });
  expect(claims).toMatchObject({ sub: 'r1', scope: 'openid notes/moderate', 'cognito:groups': ['moderators'] });
});

it("a user's token carries openid only, whatever the role", () => {
  const claims = tokenClaims({ sub: 'u1' }, { ...identity, reviewer: role });
  expect(claims.scope).toBe('openid');
  expect(claims).not.toHaveProperty('cognito:groups');
});

it('a reviewer token is refused, naming the setting, when the project declares no reviewer role', () => {
  expect(() => tokenClaims({ sub: 'r1', reviewer: true }, identity)).toThrow(TokenRequestError);
  expect(() => tokenClaims({ sub: 'r1', reviewer: true }, identity)).toThrow(/roles\.reviewer/);
});
