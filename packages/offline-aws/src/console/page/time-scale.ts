/** The timeline's scale: its ticks and their labels. Pure (no DOM): unit-tested in Node. */

/** Tick spacing (ms) of at most about `count` ticks over `spanMs`: 1, 2 or 5 × a power of ten. */
export function tickStep(spanMs: number, count = 6): number {
  const raw = Math.max(spanMs, 1) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.max(1, step);
}

/** The ticks (ms from the start) of a span: 0, step, 2 step, … up to the span. */
export function timeTicks(spanMs: number, count = 6): number[] {
  const step = tickStep(spanMs, count);
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** An offset from the start as a tick label: `+0`, `+250 ms`, `+1.5 s`, `+2 min`, `+1 min 30 s`. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '+0';
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${Number((ms / 1000).toFixed(3))} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `+${minutes} min` : `+${minutes} min ${seconds} s`;
}
