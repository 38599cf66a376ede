/**
 * Bounds how many execution environments run Init at once on this machine. In Lambda each
 * environment initializes on its own capacity; offline they share the host's cores, and many Inits
 * at once would each take many times longer (passing Lambda's 10 s Init limit under load).
 * First come, first served, except that an Init marked urgent (the first environment of a function,
 * whose invocation has no other environment to wait for) goes before the others waiting.
 */
export class InitGate {
  private running = 0;
  private readonly urgent: (() => void)[] = [];
  private readonly others: (() => void)[] = [];

  /** @param limit Inits at once (at least 1). */
  constructor(private readonly limit: number) {}

  /** Resolves when this Init may run; call leave() when it has ended, whatever the outcome. */
  async enter(urgent = false): Promise<void> {
    if (this.running < this.limit) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => (urgent ? this.urgent : this.others).push(resolve));
  }

  leave(): void {
    const next = this.urgent.shift() ?? this.others.shift();
    if (next) {
      next(); // the slot passes on
      return;
    }
    this.running -= 1;
  }
}
