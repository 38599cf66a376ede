/**
 * Stage throttling of an HTTP API (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html):
 * a token bucket of `burstLimit` requests refilled at `rateLimit` per second; a request that finds
 * it empty is answered 429 `{"message":"Too Many Requests"}` and never reaches the function.
 */
import type { ThrottlingConfig } from './config';

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** @param now the clock in ms (tests pass their own) */
  constructor(
    private readonly config: ThrottlingConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = config.burstLimit;
    this.last = now();
  }

  /** Takes one request's token; false when the bucket is empty (throttled). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.config.burstLimit, this.tokens + ((now - this.last) / 1000) * this.config.rateLimit);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
