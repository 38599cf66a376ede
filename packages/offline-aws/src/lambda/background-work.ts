/**
 * Work an emulator does after it has answered (Lambda's asynchronous invocations and their retries,
 * EventBridge deliveries): promises it can wait for (`drain`), retry waits that end early when the
 * stack stops (`sleep`, `stop`), so that a stopping stack never keeps the process alive for a retry
 * a minute away.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();
  private readonly sleeping = new Map<NodeJS.Timeout, () => void>();
  private ended = false;

  /** Whether `stop` was called: retries are not made any more. */
  get stopped(): boolean {
    return this.ended;
  }

  /** Keeps `run` until it settles (it must not reject: catch and report its errors first). */
  track(run: Promise<void>): void {
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every tracked run has settled, those started meanwhile included. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Ends every wait in progress now; later waits do not wait. */
  stop(): void {
    this.ended = true;
    for (const [timer, wake] of this.sleeping) {
      clearTimeout(timer);
      wake();
    }
    this.sleeping.clear();
  }

  /** Waits `ms` milliseconds, or less when the stack stops meanwhile; not at all once it has stopped. */
  sleep(ms: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer);
        resolve();
      }, ms);
      this.sleeping.set(timer, resolve);
    });
  }
}
