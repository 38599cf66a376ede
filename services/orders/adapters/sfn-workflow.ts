import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { CallbackOutcome, ReviewCallback, StartOutcome, WorkflowStarter } from '../domain/ports';
import type { WorkflowInput } from '../schemas';

const CONNECTION_ERROR_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
];
const CONNECTION_ERROR_TEXT = new RegExp(`\\b(${CONNECTION_ERROR_CODES.join('|')})\\b|socket hang up`);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Duck-typed: errors can come from another realm (e.g. under jest), where `instanceof Error` is false. */
const asErrorLike = (error: unknown): ErrorLike | undefined =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined;

export const errorName = (error: unknown): string | undefined => {
  const name = asErrorLike(error)?.name;
  return typeof name === 'string' ? name : undefined;
};

/**
 * The reason when an error means "nothing answered at the Step Functions endpoint" (e.g. no local
 * workflow runtime), otherwise undefined. Besides the Node error code, the message is checked: the
 * SDK's retry layer re-wraps errors it does not recognise as Error instances, keeping only the text.
 */
export function connectionFailure(error: unknown): string | undefined {
  const like = asErrorLike(error);
  if (!like) return undefined;
  const message = typeof like.message === 'string' ? like.message : '';
  if (typeof like.code === 'string' && CONNECTION_ERROR_CODES.includes(like.code)) return `${like.code} (${message})`;
  if (like.name === 'TimeoutError') return `timed out (${message})`;
  if (CONNECTION_ERROR_TEXT.test(message)) return message;
  if (Array.isArray(like.errors)) {
    for (const inner of like.errors as unknown[]) {
      const reason = connectionFailure(inner);
      if (reason) return reason;
    }
  }
  return undefined;
}

/** The task token can no longer be completed. */
const TOKEN_CLOSED_ERRORS = ['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'];

/** Starts one execution per order: the execution name is the order id, so a repeat is `ExecutionAlreadyExists`. */
export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: WorkflowInput): Promise<StartOutcome> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: input.orderId,
          input: JSON.stringify(input),
        }),
      );
      return { kind: 'started' };
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') return { kind: 'already-started' };
      const reason = connectionFailure(error);
      if (reason) return { kind: 'unreachable', reason: `Step Functions is not reachable: ${reason}` };
      throw error;
    }
  }
}

/** Completes the `.waitForTaskToken` review step. */
export class SfnReviewCallback implements ReviewCallback {
  constructor(private readonly client: SFNClient) {}

  succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackOutcome> {
    return this.deliver(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
    return this.deliver(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async deliver(send: () => Promise<unknown>): Promise<CallbackOutcome> {
    try {
      await send();
      return { kind: 'delivered' };
    } catch (error) {
      const name = errorName(error);
      if (name !== undefined && TOKEN_CLOSED_ERRORS.includes(name)) {
        return { kind: 'token-closed', reason: `${name}: ${String(asErrorLike(error)?.message ?? '')}` };
      }
      const reason = connectionFailure(error);
      if (reason) return { kind: 'unreachable', reason: `Step Functions is not reachable: ${reason}` };
      throw error;
    }
  }
}
