import fc from 'fast-check';
import { callerFromClaims, isReviewer, REVIEW_SCOPE, REVIEWER_GROUP } from '../../../services/orders/domain/access';
import { listClaimValues } from '../../../services/orders/list-claim';

describe('listClaimValues', () => {
  it.each<[string, unknown, string[]]>([
    ['a JSON array (the token itself)', ['orders/review', 'openid'], ['orders/review', 'openid']],
    ['a space-separated string (scope, Entra ID scp)', 'openid  orders/review', ['openid', 'orders/review']],
    ['an array flattened by the HTTP API authorizer', '[orders/review openid]', ['orders/review', 'openid']],
    ['a flattened array of one', '[reviewers]', ['reviewers']],
    ['a flattened empty array', '[]', []],
    ['tabs and newlines as separators', 'openid\torders/review\n', ['openid', 'orders/review']],
    ['surrounding whitespace', '  [reviewers ops]\n', ['reviewers', 'ops']],
    ['an empty string', '', []],
    ['array items kept whole', ['Order Reviewers', ''], ['Order Reviewers']],
  ])('reads %s', (_case, value, expected) => {
    expect(listClaimValues(value)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a number', 7],
    ['a boolean', true],
    ['null', null],
    ['an object', { scope: 'orders/review' }],
    ['an array holding a non-string', ['orders/review', 7]],
    ['an array of arrays', [['orders/review']]],
  ])('reads nothing from %s', (_case, value) => {
    expect(listClaimValues(value)).toEqual([]);
  });

  it('keeps commas, quotes and unbalanced brackets as part of a name (no role by accident)', () => {
    expect(listClaimValues('x,orders/review')).toEqual(['x,orders/review']);
    expect(listClaimValues('["orders/review","x"]')).toEqual(['"orders/review","x"']);
    expect(listClaimValues('[orders/review')).toEqual(['[orders/review']);
    expect(listClaimValues('orders/review]')).toEqual(['orders/review]']);
    expect(listClaimValues('[[orders/review]]')).toEqual(['[orders/review]']);
  });

  it('never throws and always lists non-empty strings, whatever the claim', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const names = listClaimValues(value);
        expect(Array.isArray(names)).toBe(true);
        for (const name of names) expect(typeof name === 'string' && name !== '').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  /** A scope or group name as identity providers issue them: printable, no spaces (nor brackets, which flattening adds). */
  const name = fc.stringMatching(/^[!-Z\\^-~]{1,24}$/);

  it('reads the same names from every shape of the same list', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 8 }), (names) => {
        const shapes = [names, names.join(' '), `[${names.join(' ')}]`];
        for (const shape of shapes) expect(listClaimValues(shape)).toEqual(names);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the reviewer role from list claims', () => {
  /** Every shape a list reaches the function in. */
  const shapesOf = (names: readonly string[]): unknown[] => [[...names], names.join(' '), `[${names.join(' ')}]`];
  const claimsWith = (claim: string, value: unknown) => ({ sub: 'someone', [claim]: value });
  const other = fc.stringMatching(/^[!-Z\\^-~]{1,24}$/);

  it.each([
    ['scope', REVIEW_SCOPE],
    ['scp', REVIEW_SCOPE],
    ['cognito:groups', REVIEWER_GROUP],
    ['roles', REVIEWER_GROUP],
  ])('is granted by %s holding exactly %s, in any shape, among other names', (claim, role) => {
    fc.assert(
      fc.property(fc.array(other, { maxLength: 5 }), fc.array(other, { maxLength: 5 }), (before, after) => {
        for (const value of shapesOf([...before, role, ...after])) {
          expect(isReviewer(callerFromClaims(claimsWith(claim, value)))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is never granted by a name that merely contains, extends or resembles it', () => {
    const lookalikes = fc.oneof(
      other,
      fc.constantFrom(REVIEW_SCOPE, REVIEWER_GROUP).chain((role) =>
        fc.oneof(
          other.map((extra) => `${extra}${role}`),
          other.map((extra) => `${role}${extra}`),
          fc.constant(role.toUpperCase()),
          fc.constant(`"${role}"`),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc
          .array(lookalikes, { maxLength: 6 })
          .filter((names) => !names.includes(REVIEW_SCOPE) && !names.includes(REVIEWER_GROUP)),
        (names) => {
          for (const claim of ['scope', 'scp', 'cognito:groups', 'roles', 'permissions', 'groups']) {
            for (const value of shapesOf(names))
              expect(isReviewer(callerFromClaims(claimsWith(claim, value)))).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not take a scope for a group or a group for a scope', () => {
    expect(isReviewer(callerFromClaims({ sub: 's', scp: REVIEWER_GROUP, 'cognito:groups': REVIEW_SCOPE }))).toBe(false);
  });

  it('never fails the request on any value of the list claims: no role instead', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (scope, scp, groups, roles) => {
        const caller = callerFromClaims({ sub: 's', scope, scp, 'cognito:groups': groups, roles });
        expect(caller.sub).toBe('s');
      }),
      { numRuns: 300 },
    );
  });
});
