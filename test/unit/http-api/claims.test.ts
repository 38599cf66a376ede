/**
 * The claims a JWT authorizer hands the function (packages/offline-aws/src/http-api/claims.ts): every value a string,
 * arrays as `[a b]`, objects as `map[k:v]`, as deployed HTTP APIs pass them.
 */
import { flattenClaims, grantedScopes } from 'offline-aws/http-api/claims';

describe('flattenClaims', () => {
  it('turns numbers, booleans, arrays and objects into the strings the gateway passes', () => {
    expect(
      flattenClaims({
        sub: 'cust_1',
        exp: 1795604400,
        ratio: 0.5,
        email_verified: true,
        'cognito:groups': ['ops', 'reviewers'],
        scp: ['openid', 'orders/review'],
        address: { country: 'DE', city: 'Berlin' },
        nested: [1, ['a', 'b']],
        empty: [],
        nothing: null,
      }),
    ).toEqual({
      sub: 'cust_1',
      exp: '1795604400',
      ratio: '0.5',
      email_verified: 'true',
      'cognito:groups': '[ops reviewers]',
      scp: '[openid orders/review]',
      address: 'map[city:Berlin country:DE]',
      nested: '[1 [a b]]',
      empty: '[]',
      nothing: '<nil>',
    });
  });

  it('prints large integers with all their digits', () => {
    expect(flattenClaims({ auth_time: 17956044001 }).auth_time).toBe('17956044001');
  });

  it('leaves strings exactly as they are, spaces included', () => {
    expect(flattenClaims({ scope: 'openid orders/review' }).scope).toBe('openid orders/review');
  });
});

describe('grantedScopes', () => {
  it('reads scp first (array or space-separated string), else scope', () => {
    expect(grantedScopes({ scp: ['a', 'b'], scope: 'c' })).toEqual(['a', 'b']);
    expect(grantedScopes({ scp: 'a  b' })).toEqual(['a', 'b']);
    expect(grantedScopes({ scope: 'openid orders/review' })).toEqual(['openid', 'orders/review']);
    expect(grantedScopes({})).toEqual([]);
    expect(grantedScopes({ scope: 42 })).toEqual([]);
  });
});
