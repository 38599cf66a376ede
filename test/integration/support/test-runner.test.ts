/**
 * The stack tests run on jest-light-runner, patched (patches/jest-light-runner+0.8.2.patch) to run
 * `it.concurrent` tests together and to apply test timeouts, as jest's own runner does. Each test
 * here waits for the other: run one after the other, the first would wait until its timeout.
 * (A timeout reported as jest reports it: test/slow/test-runner-timeout.test.ts.)
 */
const arrived = new Set<string>();
const waiting = new Map<string, () => void>();

/** Resolves once `other` has arrived too. */
function meet(self: string, other: string): Promise<void> {
  arrived.add(self);
  waiting.get(self)?.();
  if (arrived.has(other)) return Promise.resolve();
  return new Promise((resolve) => waiting.set(other, resolve));
}

describe('it.concurrent', () => {
  it.concurrent('runs this test…', () => meet('first', 'second'), 10_000);
  it.concurrent('…while this one runs', () => meet('second', 'first'), 10_000);
});
