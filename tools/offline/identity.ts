/**
 * This project's reviewer role in the offline runtime's terms: what services/orders/domain/access.ts
 * reads as a reviewer (the scope and the Cognito group). offline.config.ts hands it to the local
 * OpenID issuer (`npm run token -- --reviewer`, the console's reviewer); the scenarios and tests sign
 * a reviewer's request with `reviewerClaims`.
 */
import type { Role } from 'offline-aws/app';
import { jwtClaims } from 'offline-aws/http-api/event-spec';
import { REVIEW_SCOPE, REVIEWER_GROUP } from '../../services/orders/domain/access';

export const REVIEWER_ROLE: Role = { scopes: [REVIEW_SCOPE], groups: [REVIEWER_GROUP] };

/** A reviewer's claims as API Gateway's JWT authorizer passes them: the review scope and the reviewers group. */
export const reviewerClaims = (sub: string): Record<string, string> => jwtClaims({ sub, ...REVIEWER_ROLE });
