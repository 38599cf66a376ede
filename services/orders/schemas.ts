import * as z from 'zod/mini';
import { listClaimValues } from './list-claim';
import {
  AddressSchema,
  boundedText,
  CurrencySchema,
  LIMITS,
  MoneySchema,
  OrderIdSchema,
  SkuSchema,
} from '#shared/schemas';
import { failureReason } from '#shared/workflow-errors';

/** Order status (contract). */
export const OrderStatusSchema = z.enum(['PENDING', 'IN_REVIEW', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const OrderItemSchema = z.strictObject({
  sku: SkuSchema,
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(LIMITS.maxQuantityPerLine)),
  unitPrice: z.number().check(z.int(), z.minimum(0), z.maximum(LIMITS.maxUnitPriceMinor)),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const PaymentTokenSchema = z
  .string()
  .check(z.regex(/^tok_[A-Za-z0-9_]{1,64}$/, 'must look like tok_ followed by 1-64 letters, digits or underscores'));

export const FulfilmentWindowSecondsSchema = z
  .number()
  .check(z.int(), z.minimum(0), z.maximum(LIMITS.maxFulfilmentWindowSeconds));

/**
 * Body of POST /orders. Unknown keys are rejected, `customerId` included: the customer is the
 * caller (the token's `sub`), never a field the client chooses.
 */
export const CreateOrderBodySchema = z.strictObject({
  currency: CurrencySchema,
  items: z
    .array(OrderItemSchema)
    .check(
      z.minLength(1, 'an order needs at least one line'),
      z.maxLength(LIMITS.maxLinesPerOrder, `at most ${LIMITS.maxLinesPerOrder} lines per order`),
    ),
  paymentToken: PaymentTokenSchema,
  shippingAddress: AddressSchema,
  fulfilmentWindowSeconds: z.optional(FulfilmentWindowSecondsSchema),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBodySchema>;

/** The optional `Idempotency-Key` header of POST /orders. */
export const IdempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, underscores or dashes'));

/** Path parameters of /orders/{orderId}/... */
export const OrderPathSchema = z.object({ orderId: OrderIdSchema });
export type OrderPath = z.infer<typeof OrderPathSchema>;

export const ReviewDecisionSchema = z.enum(['approve', 'reject']);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

/** Body of POST /orders/{orderId}/review. The reviewer is the caller (from the token), not a body field. */
export const SubmitReviewBodySchema = z.strictObject({
  decision: ReviewDecisionSchema,
  comment: z.optional(boundedText(LIMITS.maxCommentLength)),
});
export type SubmitReviewBody = z.infer<typeof SubmitReviewBodySchema>;

/**
 * A status change's reason: the error name that ended the order (`$failure.Error`), whatever text a
 * failure carried, kept as failureReason makes it (never refused: a strange error name must not fail
 * the marking step and dead-letter the order).
 */
const StatusReasonSchema = z.pipe(
  z.string(),
  z.transform((error) => failureReason(error, 'UnnamedError')),
);

/** Task input of updateOrderStatus. Extra fields of the workflow state are ignored. */
export const UpdateOrderStatusInputSchema = z.object({
  orderId: OrderIdSchema,
  status: OrderStatusSchema,
  reason: z.optional(StatusReasonSchema),
  closeFulfilmentWindow: z.optional(z.boolean()),
});
export type UpdateOrderStatusInput = z.infer<typeof UpdateOrderStatusInputSchema>;

export const UpdateOrderStatusResultSchema = z.object({
  orderId: OrderIdSchema,
  status: OrderStatusSchema,
  cancelRequested: z.boolean(),
});
export type UpdateOrderStatusResult = z.infer<typeof UpdateOrderStatusResultSchema>;

/** Task input of requestReview (`.waitForTaskToken`): the token comes from `$$.Task.Token`. */
export const RequestReviewInputSchema = z.object({
  orderId: OrderIdSchema,
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});
export type RequestReviewInput = z.infer<typeof RequestReviewInputSchema>;

/** Where in the saga an order's execution input is verified: before reserving, before capturing. */
export const VerifyStageSchema = z.enum(['reserve', 'capture']);
export type VerifyStage = z.infer<typeof VerifyStageSchema>;

/**
 * Task input of verifyOrder: the order as the execution carries it (`order`, compared as it is, so
 * an extra or missing field is a difference too) and the stage that asks.
 */
export const VerifyOrderInputSchema = z.object({
  orderId: OrderIdSchema,
  stage: VerifyStageSchema,
  order: z.record(z.string(), z.unknown()),
});
export type VerifyOrderInput = z.infer<typeof VerifyOrderInputSchema>;

export const HistoryEntrySchema = z.object({
  status: OrderStatusSchema,
  at: z.string(),
  reason: z.optional(z.string()),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const ReviewSchema = z.object({
  decision: ReviewDecisionSchema,
  /** The reviewer's `sub`. */
  reviewer: z.string(),
  /** The reviewer's user name and email, when the token carried them. */
  reviewerUsername: z.optional(z.string()),
  reviewerEmail: z.optional(z.string()),
  comment: z.optional(z.string()),
  at: z.string(),
});
export type Review = z.infer<typeof ReviewSchema>;

/** The order record as stored in the orders table (without the key attribute). */
export const OrderSchema = z.object({
  orderId: OrderIdSchema,
  customerId: z.string(),
  status: OrderStatusSchema,
  items: z.array(OrderItemSchema),
  total: MoneySchema,
  paymentToken: z.string(),
  shippingAddress: AddressSchema,
  fulfilmentWindowSeconds: z.number().check(z.int(), z.nonnegative()),
  requiresReview: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(HistoryEntrySchema),
  reason: z.optional(z.string()),
  cancelRequestedAt: z.optional(z.string()),
  windowClosedAt: z.optional(z.string()),
  review: z.optional(ReviewSchema),
  reviewTaskToken: z.optional(z.string()),
  /** When the ReviewRequested event was published (so a retried Task publishes it at most once more). */
  reviewNotifiedAt: z.optional(z.string()),
  /** When Step Functions accepted the recorded review (so a repeated answer sends nothing again). */
  reviewDeliveredAt: z.optional(z.string()),
  idempotencyKey: z.optional(z.string()),
  requestHash: z.optional(z.string()),
});
export type Order = z.infer<typeof OrderSchema>;

/** What getOrder returns: the record without secrets (payment token, task token, request hash). */
export type PublicOrder = Omit<Order, 'paymentToken' | 'reviewTaskToken' | 'requestHash'>;

/** The execution input the OrderProcessing state machine consumes (contract). */
export const WorkflowInputSchema = z.object({
  orderId: OrderIdSchema,
  customerId: z.string(),
  items: z.array(OrderItemSchema).check(z.minLength(1), z.maxLength(LIMITS.maxLinesPerOrder)),
  total: MoneySchema,
  paymentToken: PaymentTokenSchema,
  shippingAddress: AddressSchema,
  fulfilmentWindowSeconds: FulfilmentWindowSecondsSchema,
  requiresReview: z.boolean(),
});
export type WorkflowInput = z.infer<typeof WorkflowInputSchema>;

/** An identity claim worth keeping (sub, user name, email): bounded, printable text. */
const IdentityClaimSchema = boundedText();

/** A claim that lists names, in any shape it arrives in (`listClaimValues`); a malformed one lists none. */
const ListClaimSchema = z.optional(z.pipe(z.unknown(), z.transform(listClaimValues)));

/**
 * `z.catch(z.optional(schema), undefined)`: absent stays absent, a malformed value becomes undefined
 * (no issue). Built from its parts because `z.catch` reaches zod's `util` module through the `core`
 * namespace (`core.util.constantCatch`), which esbuild cannot tree-shake: ~10 KB more in every
 * orders bundle. The constant marker it adds is read only by zod's `compile`, which is not used.
 */
const dropWhenMalformed = <T extends z.core.SomeType>(schema: T) =>
  new z.ZodMiniCatch({
    type: 'catch',
    innerType: z.optional(schema),
    catchValue: () => undefined,
  }) as z.ZodMiniCatch<z.ZodMiniOptional<T>>;

/**
 * The claims the orders service reads from a verified JWT (Cognito access or ID token, or any OIDC
 * provider's: docs/identity-providers.md). `sub` is required; the optional claims are dropped when
 * malformed rather than failing the request. Scopes come from `scope` (OAuth, Cognito, Auth0) or
 * `scp` (Okta, Microsoft Entra ID); groups and roles from `cognito:groups` or `roles` (Entra ID app
 * roles). Other claims are ignored.
 */
export const CallerClaimsSchema = z.object({
  sub: IdentityClaimSchema,
  username: dropWhenMalformed(IdentityClaimSchema),
  'cognito:username': dropWhenMalformed(IdentityClaimSchema),
  email: dropWhenMalformed(IdentityClaimSchema),
  scope: ListClaimSchema,
  scp: ListClaimSchema,
  'cognito:groups': ListClaimSchema,
  roles: ListClaimSchema,
});
export type CallerClaims = z.infer<typeof CallerClaimsSchema>;

/**
 * One line of a bulk-import file (JSON Lines, `npm run import`): the customer the order is placed
 * for, the order as POST /orders takes it, and optionally the Idempotency-Key POST /orders would
 * carry. Unknown keys are rejected, as in the API's body.
 */
export const ImportOrderLineSchema = z.strictObject({
  customerId: IdentityClaimSchema,
  idempotencyKey: z.optional(IdempotencyKeySchema),
  order: CreateOrderBodySchema,
});
export type ImportOrderLine = z.infer<typeof ImportOrderLineSchema>;

/** The most lines a bulk-import file may have: a Distributed Map reads at most 100,000,000 items (MaxItems). */
export const MAX_IMPORT_LINES = 100_000_000;

/**
 * Task input of importOrder: one item of the bulk import's Distributed Map. `line` is the JSON value
 * read from the file (checked by ImportOrderLineSchema in the domain, so a bad line is a named
 * ValidationError that says which line); `lineNumber` counts from 1.
 */
export const ImportOrderInputSchema = z.object({
  lineNumber: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_IMPORT_LINES)),
  line: z.unknown(),
});
export type ImportOrderInput = z.infer<typeof ImportOrderInputSchema>;

/** What importOrder returns for a line it placed (or had placed before). */
export interface ImportOrderResult {
  lineNumber: number;
  orderId: string;
  status: OrderStatus;
  /** `placed` now, or `already-placed` by an earlier import or API call with the same key. */
  outcome: 'placed' | 'already-placed';
}

/**
 * The EventBridge event reconcileOrder gets: Step Functions' "Step Functions Execution Status
 * Change" for an execution of the order state machine that ended without succeeding
 * (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html). Only the
 * fields read are checked; `input` is the execution input as JSON text.
 */
export const ExecutionEndedEventSchema = z.looseObject({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  // The limits Step Functions gives these fields (API_StartExecution.html: an execution name is 1-80
  // characters, an ARN at most 256): an event beyond them did not come from Step Functions.
  detail: z.looseObject({
    executionArn: z.string().check(z.startsWith('arn:'), z.maxLength(256, 'must be at most 256 characters')),
    name: z.string().check(z.minLength(1), z.maxLength(80, 'must be at most 80 characters')),
    status: z.enum(['FAILED', 'ABORTED', 'TIMED_OUT']),
    error: z.optional(z.nullable(z.string())),
    input: z.optional(z.nullable(z.string())),
    /** When the execution ended (epoch ms). */
    stopDate: z.optional(z.nullable(z.number())),
    // `included: false`: the input was too large to carry (input is then null); the history has it.
    inputDetails: z.optional(z.nullable(z.looseObject({ included: z.optional(z.boolean()) }))),
  }),
});
export type ExecutionEndedEvent = z.infer<typeof ExecutionEndedEventSchema>;

/** What reconcileOrder did, and why (its result and log line). */
export interface Reconciliation {
  orderId: string;
  /** `ignored`: not an order's own execution; `none`: nothing to do; else what it brought the order to. */
  action: 'ignored' | 'none' | 'completed' | 'cancelled';
  reason: string;
}
