/** Stage throttling's token bucket (packages/offline-aws/src/http-api/throttle.ts): burst, then the steady rate. */
import { TokenBucket } from 'offline-aws/http-api/throttle';

describe('TokenBucket', () => {
  it('lets a burst through at once, then refills at the rate per second', () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 499;
    expect(bucket.take()).toBe(false);
    now = 500;
    expect(bucket.take()).toBe(true);
    now = 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
