/**
 * Idle execution environments that stopped pools leave behind for a later pool of the same
 * process (pool.ts `keepWarm`), by environmentKey(): the same bundle, variables and
 * configuration. A test suite starts many stacks one after another in one process; a function
 * whose code and configuration did not change then keeps its warm environments, as a Lambda
 * function does between invocations, instead of paying a cold start per stack. Environments left
 * here hold no reference on the process (their worker threads are unref'd while idle) and are
 * shut down after their idle time, as in a pool.
 */
import type { ExecutionEnvironment } from './execution-environment';

/**
 * Per key, at most this many are kept: enough for the concurrent invocations of a workflow test
 * (up to 4 environments of one function), not every environment a load test opened.
 */
const KEPT_PER_KEY = 4;

const leftovers = new Map<string, ExecutionEnvironment[]>();

/** Keeps an idle environment for a later pool (or shuts it down when enough are kept). */
export function leave(environment: ExecutionEnvironment, idleTimeoutMs: number): void {
  const kept = leftovers.get(environment.key) ?? [];
  if (environment.dead || kept.length >= KEPT_PER_KEY) {
    void environment.terminate();
    return;
  }
  kept.push(environment);
  leftovers.set(environment.key, kept);
  clearTimeout(environment.idleTimer);
  environment.idleTimer = setTimeout(() => {
    remove(environment);
    void environment.terminate();
  }, idleTimeoutMs);
  environment.idleTimer.unref();
}

/** A live environment left with this key, no longer kept here; undefined when there is none. */
export function take(key: string): ExecutionEnvironment | undefined {
  const kept = leftovers.get(key) ?? [];
  let environment = kept.pop();
  while (environment?.dead) environment = kept.pop();
  if (kept.length === 0) leftovers.delete(key);
  if (environment) clearTimeout(environment.idleTimer);
  return environment;
}

function remove(environment: ExecutionEnvironment): void {
  const kept = (leftovers.get(environment.key) ?? []).filter((other) => other !== environment);
  if (kept.length > 0) leftovers.set(environment.key, kept);
  else leftovers.delete(environment.key);
}
