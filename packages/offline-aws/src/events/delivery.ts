/**
 * Delivering an event to a rule's target, as "How EventBridge retries delivering events"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html) and "Using
 * dead-letter queues to process undelivered events" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html)
 * describe it:
 *
 * - A Lambda target is invoked asynchronously (InvocationType Event): once Lambda has accepted the
 *   event, EventBridge is done; the function's own failures are Lambda's asynchronous retries and
 *   destinations (src/lambda/async-invocation.ts), not the rule's.
 * - A retriable failure of the call itself is retried with exponential backoff until
 *   MaximumRetryAttempts retries were made or the event is older than MaximumEventAgeInSeconds.
 * - A failure that retrying cannot mend — the target function does not exist (NO_RESOURCE) — is
 *   not retried.
 * - Then the event goes to the target's dead-letter queue, when it has one, as the message body,
 *   with the attributes RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS and, when
 *   a limit ended the retries, EXHAUSTED_RETRY_CONDITION; without one it is dropped.
 *
 * Offline the backoff has no jitter and starts at `retryBaseDelayMs` (tests shorten it).
 */
import type { EventRule, RuleTarget } from './rules';

/** A failed delivery call: its DLQ error code and whether retrying may mend it. */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export interface DeliveryDeps {
  /** Hands the event to Lambda's asynchronous queue. @throws on failure (a DeliveryError says how to treat it) */
  invokeAsync(functionName: string, event: unknown, label: string): void;
  /** Sends a message to one of the project's queues (by name). */
  sendToQueue(queueName: string, body: string, attributes: Record<string, string>): Promise<void>;
  print(line: string): void;
  /** ms before the first retry, doubled each retry up to 5 minutes (default 1000). */
  retryBaseDelayMs?: number;
}

/** What became of one event for one target. */
export interface DeliveryOutcome {
  rule: string;
  targetArn: string;
  eventId: string;
  outcome: 'delivered' | 'dead-lettered' | 'dropped';
  /** Retries made (attempts − 1). */
  retryAttempts: number;
  errorCode?: string;
}

const MAX_DELAY_MS = 5 * 60_000;
/** Outcomes (and published events, status-events.ts) kept: a long-running stack must not grow without end. */
export const REMEMBERED = 1000;

export class EventDeliveries {
  /** The last REMEMBERED outcomes, oldest first. */
  readonly outcomes: DeliveryOutcome[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly sleeping = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(private readonly deps: DeliveryDeps) {}

  /** Queues the delivery of `event` to `target`; never throws, never blocks the caller. */
  deliver(rule: EventRule, target: RuleTarget, event: { id: string }): void {
    const run = this.run(rule, target, event).catch((error: unknown) => {
      this.deps.print(`[events] ${rule.name}: ${String(error)}`);
    });
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every queued delivery is done (delivered, dead-lettered or dropped). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Ends the retry waits (the stack is stopping): those events are dropped, not retried. */
  stop(): void {
    this.stopped = true;
    for (const [timer, wake] of this.sleeping) {
      clearTimeout(timer);
      wake();
    }
    this.sleeping.clear();
  }

  private attempt(target: RuleTarget, event: unknown, rule: EventRule): void {
    if (!target.functionName) {
      // Lambda's answer to an Invoke of a function that does not exist.
      throw new DeliveryError('NO_RESOURCE', `Function not found: ${target.arn}`, false);
    }
    this.deps.invokeAsync(target.functionName, event, `events ${rule.name}`);
  }

  private async run(rule: EventRule, target: RuleTarget, event: { id: string }): Promise<void> {
    const started = Date.now();
    const base = this.deps.retryBaseDelayMs ?? 1000;
    const { maximumRetryAttempts, maximumEventAgeSeconds } = target.retryPolicy;
    for (let retries = 0; ; retries += 1) {
      let failure: DeliveryError;
      try {
        this.attempt(target, event, rule);
        this.remember({
          rule: rule.name,
          targetArn: target.arn,
          eventId: event.id,
          outcome: 'delivered',
          retryAttempts: retries,
        });
        return;
      } catch (error) {
        failure =
          error instanceof DeliveryError
            ? error
            : new DeliveryError(
                error instanceof Error && error.name === 'TooManyRequestsException'
                  ? 'THROTTLING'
                  : 'ERROR_FROM_TARGET',
                error instanceof Error ? error.message : String(error),
                !(error instanceof Error && error.name === 'RequestEntityTooLargeException'),
              );
      }
      let exhausted: string | undefined;
      const delay = Math.min(base * 2 ** retries, MAX_DELAY_MS);
      if (failure.retriable) {
        if (retries >= maximumRetryAttempts) exhausted = 'MaximumRetryAttempts';
        else if (Date.now() + delay - started > maximumEventAgeSeconds * 1000) exhausted = 'MaximumEventAgeInSeconds';
      }
      if (!failure.retriable || exhausted) {
        await this.giveUp(rule, target, event, failure, retries, exhausted);
        return;
      }
      await this.sleep(delay);
      if (this.stopped) {
        // The stack is stopping (its queues with it): the event is dropped, and said so.
        this.remember({ ...this.outcome(rule, target, event, retries, failure), outcome: 'dropped' });
        this.deps.print(`[events] ${rule.name} → ${target.arn}: ${failure.code}; dropped, the stack stopped`);
        return;
      }
    }
  }

  private async giveUp(
    rule: EventRule,
    target: RuleTarget,
    event: { id: string },
    failure: DeliveryError,
    retries: number,
    exhausted: string | undefined,
  ): Promise<void> {
    const outcome = this.outcome(rule, target, event, retries, failure);
    if (target.deadLetterQueue) {
      const attributes: Record<string, string> = {
        RULE_ARN: rule.arn,
        TARGET_ARN: target.arn,
        ERROR_CODE: failure.code,
        ERROR_MESSAGE: failure.message,
        RETRY_ATTEMPTS: String(retries),
        ...(exhausted ? { EXHAUSTED_RETRY_CONDITION: exhausted } : {}),
      };
      await this.deps.sendToQueue(target.deadLetterQueue.name, JSON.stringify(event), attributes);
      outcome.outcome = 'dead-lettered';
    }
    this.remember(outcome);
    this.deps.print(
      `[events] ${rule.name} → ${target.arn}: ${failure.code} ${failure.message}; ${outcome.outcome} after ${retries} retries`,
    );
  }

  private remember(outcome: DeliveryOutcome): void {
    this.outcomes.push(outcome);
    if (this.outcomes.length > REMEMBERED) this.outcomes.splice(0, this.outcomes.length - REMEMBERED);
  }

  private outcome(
    rule: EventRule,
    target: RuleTarget,
    event: { id: string },
    retries: number,
    failure: DeliveryError,
  ): DeliveryOutcome {
    return {
      rule: rule.name,
      targetArn: target.arn,
      eventId: event.id,
      outcome: 'dropped',
      retryAttempts: retries,
      errorCode: failure.code,
    };
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer);
        resolve();
      }, ms);
      this.sleeping.set(timer, resolve);
    });
  }
}
