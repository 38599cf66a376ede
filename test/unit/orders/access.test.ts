import { customerClaims, jwtClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import {
  assertCanReview,
  assertReviewer,
  callerFromClaims,
  canCancel,
  canRead,
  isReviewer,
  loadOrderFor,
  ownsOrder,
  REVIEW_SCOPE,
  REVIEWER_GROUP,
} from '../../../services/orders/domain/access';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, CUSTOMER, orderId, reviewer } from './fixtures';

const id = orderId(1);

describe('callerFromClaims', () => {
  it('reads a customer from the claims API Gateway passes (strings only)', () => {
    expect(callerFromClaims(customerClaims('cust_0042'))).toEqual({
      sub: 'cust_0042',
      username: 'cust_0042',
      scopes: ['openid'],
      groups: [],
    });
  });

  it('reads scopes (space separated) and groups flattened by API Gateway as "[a b]"', () => {
    const caller = callerFromClaims({
      ...jwtClaims({ sub: 'rev_1', email: 'rev@example.com', scopes: ['orders/review', 'profile'] }),
      'cognito:groups': '[reviewers ops]',
    });
    expect(caller).toMatchObject({
      sub: 'rev_1',
      email: 'rev@example.com',
      scopes: ['openid', 'orders/review', 'profile'],
      groups: ['reviewers', 'ops'],
    });
  });

  it('accepts array claims as the token carries them (unit tests, sls invoke local)', () => {
    expect(callerFromClaims({ sub: 's', scope: ['a', 'b'], 'cognito:groups': ['reviewers'] })).toMatchObject({
      scopes: ['a', 'b'],
      groups: ['reviewers'],
    });
    expect(callerFromClaims({ sub: 's', scope: '' }).scopes).toEqual([]);
  });

  it('splits names on whitespace only: a comma is part of a name (scopes may contain commas)', () => {
    expect(callerFromClaims({ sub: 's', 'cognito:groups': 'ops,reviewers' }).groups).toEqual(['ops,reviewers']);
  });

  it('reads scopes from scp as well as scope, and groups from roles as well as cognito:groups', () => {
    expect(
      callerFromClaims({
        sub: 's',
        scope: 'openid',
        scp: '[orders/review]',
        'cognito:groups': 'ops',
        roles: ['reviewers'],
      }),
    ).toMatchObject({ scopes: ['openid', 'orders/review'], groups: ['ops', 'reviewers'] });
  });

  // As each provider's token reaches the function through the HTTP API JWT authorizer (arrays flattened).
  it.each<[string, Record<string, unknown>]>([
    ['Cognito access token: scope', { scope: 'openid orders/review', client_id: 'app', token_use: 'access' }],
    ['Cognito token: cognito:groups, flattened', { 'cognito:groups': '[ops reviewers]', token_use: 'id' }],
    ['Okta: scp array, flattened', { scp: '[openid orders/review]', cid: 'okta-client', uid: '00u1' }],
    ['Okta: scp array as in the token', { scp: ['openid', 'orders/review'] }],
    ['Microsoft Entra ID: scp, space separated', { scp: 'User.Read orders/review', ver: '2.0', tid: 'tenant' }],
    ['Microsoft Entra ID: app role in roles, flattened', { roles: '[reviewers]', ver: '2.0' }],
    ['Auth0: scope (with RBAC, only what the user was granted)', { scope: 'openid profile orders/review' }],
  ])('recognises a reviewer from %s', (_case, claims) => {
    expect(isReviewer(callerFromClaims({ sub: 'reviewer-sub', ...claims }))).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['Auth0 permissions (the scope is what the token was granted for)', { permissions: '[orders/review]' }],
    ['a groups claim (Entra ID object ids, Okta custom claims)', { groups: '[reviewers]' }],
    ['Entra ID roles holding the scope name', { roles: '[orders/review]' }],
    ['scp holding the group name', { scp: 'reviewers' }],
  ])('does not recognise a reviewer from %s', (_case, claims) => {
    expect(isReviewer(callerFromClaims({ sub: 'someone', ...claims }))).toBe(false);
  });

  it('takes the user name from cognito:username (ID tokens) when there is no username', () => {
    expect(callerFromClaims({ sub: 's', 'cognito:username': 'ana' }).username).toBe('ana');
    expect(callerFromClaims({ sub: 's', username: 'u', 'cognito:username': 'ana' }).username).toBe('u');
  });

  it('drops malformed optional claims instead of refusing the token', () => {
    const caller = callerFromClaims({
      sub: 's',
      email: 42,
      username: 'x'.repeat(500),
      scope: 7,
      scp: { orders: 'review' },
      'cognito:groups': {},
      roles: ['reviewers', null],
    });
    expect(caller).toEqual({ sub: 's', scopes: [], groups: [] });
  });

  it.each([
    ['no claims at all (no JWT authorizer)', undefined],
    ['claims without sub', { iss: 'https://issuer', scope: 'openid' }],
    ['an empty sub', { sub: '   ' }],
    ['a sub that is not a string', { sub: 42 }],
    ['a sub with control characters', { sub: 'a\u0000b' }],
    ['an oversized sub', { sub: 'x'.repeat(201) }],
  ])('refuses %s with Unauthorized (401)', (_case, claims) => {
    expect(() => callerFromClaims(claims)).toThrow(
      expect.objectContaining({ name: 'Unauthorized', httpStatus: 401 }) as Error,
    );
  });
});

describe('roles and ownership', () => {
  it('recognises a reviewer by the orders/review scope or the reviewers group, nothing else', () => {
    expect(isReviewer(callerFromClaims(reviewerClaims('r')))).toBe(true);
    expect(isReviewer(customer())).toBe(false);
    expect(isReviewer({ ...customer(), scopes: [REVIEW_SCOPE] })).toBe(true);
    expect(isReviewer({ ...customer(), groups: [REVIEWER_GROUP] })).toBe(true);
    expect(isReviewer({ ...customer(), scopes: ['orders/reviews', 'review'], groups: ['reviewer', 'Reviewers'] })).toBe(
      false,
    );
  });

  it('an order belongs to the customer whose sub placed it', () => {
    expect(ownsOrder(customer(CUSTOMER), anOrder())).toBe(true);
    expect(ownsOrder(customer('cust_0002'), anOrder())).toBe(false);
  });

  it('owners read and cancel; reviewers read any order but cancel none of others', () => {
    const order = anOrder();
    expect(canRead(customer(), order)).toBe(true);
    expect(canCancel(customer(), order)).toBe(true);
    expect(canRead(customer('cust_0002'), order)).toBe(false);
    expect(canCancel(customer('cust_0002'), order)).toBe(false);
    expect(canRead(reviewer(), order)).toBe(true);
    expect(canCancel(reviewer(), order)).toBe(false);
  });

  it('assertReviewer refuses a customer with Forbidden (403)', () => {
    expect(() => assertReviewer(reviewer())).not.toThrow();
    expect(() => assertReviewer(customer())).toThrow(
      expect.objectContaining({ name: 'Forbidden', httpStatus: 403 }) as Error,
    );
  });

  it('assertCanReview refuses customers and a reviewer deciding on their own order', () => {
    const order = anOrder();
    expect(() => assertCanReview(reviewer(), order)).not.toThrow();
    expect(() => assertCanReview(customer('cust_0002'), order)).toThrow(
      expect.objectContaining({ name: 'Forbidden' }) as Error,
    );
    expect(() => assertCanReview(reviewer({ sub: CUSTOMER }), order)).toThrow(
      expect.objectContaining({
        name: 'Forbidden',
        message: expect.stringContaining('your own order') as string,
      }) as Error,
    );
  });
});

describe('loadOrderFor', () => {
  it('returns an order the caller may act on', async () => {
    const orders = new FakeOrderRepository([anOrder()]);
    await expect(loadOrderFor(orders, id, customer(), canRead)).resolves.toMatchObject({ orderId: id });
  });

  it("answers another customer's order exactly as an unknown one: NotFound, same message", async () => {
    const orders = new FakeOrderRepository([anOrder()]);
    const foreign = await loadOrderFor(orders, id, customer('cust_0002'), canRead).catch((e: unknown) => e);
    const unknown = await loadOrderFor(new FakeOrderRepository(), id, customer('cust_0002'), canRead).catch(
      (e: unknown) => e,
    );
    expect(foreign).toMatchObject({ name: 'NotFound', httpStatus: 404, message: `Order ${id} was not found` });
    expect(foreign).toEqual(unknown);
  });
});
