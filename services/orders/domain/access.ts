import { ForbiddenError, NotFoundError, UnauthorizedError } from '#shared/errors';
import { CallerClaimsSchema, type Order } from '../schemas';
import type { OrderRepository } from './ports';

/**
 * Who may do what with orders. API Gateway's JWT authorizer has verified the token (signature,
 * issuer, audience, expiry) before a handler runs; these rules decide with its claims:
 * - every caller is a customer, identified by the token's `sub`; the orders they place are theirs;
 * - a customer reads and cancels only their own orders; any other order is "not found" (404), so an
 *   order id reveals nothing about orders of other customers;
 * - reviewers (scope `orders/review`, or group or app role `reviewers`) decide manual reviews, never
 *   of their own orders, and may read any order (they need to see what they decide on).
 * What each identity provider sends, and how to give a reviewer the role: docs/identity-providers.md.
 */

/** OAuth scope of the reviewer role, in `scope` or `scp` (for Cognito: resource server `orders`, scope `review`). */
export const REVIEW_SCOPE = 'orders/review';
/** Group (`cognito:groups`) or app role (`roles`, Microsoft Entra ID) of the reviewer role. */
export const REVIEWER_GROUP = 'reviewers';

export interface Caller {
  /** The token's subject: the customer id of the orders this caller places. */
  sub: string;
  username?: string;
  email?: string;
  /** Granted scopes: `scope` and `scp` together. */
  scopes: readonly string[];
  /** Groups and app roles: `cognito:groups` and `roles` together. */
  groups: readonly string[];
}

/**
 * The caller named by the verified JWT claims API Gateway's JWT authorizer passes in
 * `requestContext.authorizer.jwt.claims` (every value a string there; real arrays are accepted too),
 * following https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html.
 * Returns `{ sub, username?, email?, scopes, groups }`: `username` from `username`, else
 * `cognito:username`; list claims read by `listClaimValues`, a malformed one granting nothing.
 * `Unauthorized` (401) without claims or without a usable `sub`.
 */
export function callerFromClaims(claims: Readonly<Record<string, unknown>> | undefined): Caller {
  if (claims === undefined) {
    throw new UnauthorizedError(
      'Authentication required: send a valid access token as "Authorization: Bearer <token>"',
    );
  }
  const parsed = CallerClaimsSchema.safeParse(claims);
  if (!parsed.success) throw new UnauthorizedError('Authentication required: the token does not name its subject');
  const { sub, email, scope = [], scp = [], 'cognito:groups': groups = [], roles = [] } = parsed.data;
  const username = parsed.data.username ?? parsed.data['cognito:username'];
  return {
    sub,
    ...(username === undefined ? {} : { username }),
    ...(email === undefined ? {} : { email }),
    scopes: [...scope, ...scp],
    groups: [...groups, ...roles],
  };
}

/** The reviewer role: the exact scope `orders/review`, or the exact group or app role `reviewers`. */
export function isReviewer(caller: Caller): boolean {
  return caller.scopes.includes(REVIEW_SCOPE) || caller.groups.includes(REVIEWER_GROUP);
}

export function ownsOrder(caller: Caller, order: Pick<Order, 'customerId'>): boolean {
  return order.customerId === caller.sub;
}

/** Owners read their orders; reviewers read any order. */
export function canRead(caller: Caller, order: Pick<Order, 'customerId'>): boolean {
  return ownsOrder(caller, order) || isReviewer(caller);
}

/** Only the customer who placed an order may cancel it. */
export function canCancel(caller: Caller, order: Pick<Order, 'customerId'>): boolean {
  return ownsOrder(caller, order);
}

/** `Forbidden` (403) unless the caller has the reviewer role. Checked before the order is read. */
export function assertReviewer(caller: Caller): void {
  if (!isReviewer(caller)) {
    throw new ForbiddenError(
      `Reviewing orders needs the reviewer role (scope ${REVIEW_SCOPE}, or group or app role ${REVIEWER_GROUP})`,
    );
  }
}

/** `Forbidden` (403) unless the caller is a reviewer and not the customer of this order. */
export function assertCanReview(caller: Caller, order: Pick<Order, 'orderId' | 'customerId'>): void {
  assertReviewer(caller);
  if (ownsOrder(caller, order)) {
    throw new ForbiddenError(`Order ${order.orderId} is your own order: another reviewer must decide on it`);
  }
}

/** The answer for an order that does not exist and for one the caller may not see: the same 404. */
export const orderNotFound = (orderId: string): NotFoundError => new NotFoundError(`Order ${orderId} was not found`);

/** Reads an order the caller is allowed to act on; `NotFound` when it is missing or not allowed. */
export async function loadOrderFor(
  orders: OrderRepository,
  orderId: string,
  caller: Caller,
  allowed: (caller: Caller, order: Order) => boolean,
): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order || !allowed(caller, order)) throw orderNotFound(orderId);
  return order;
}
