/**
 * Fault injection for the offline runner: `--fail <function>:<transient|permanent|timeout>[:<times>]`.
 *
 * - transient: the function throws `TransientError` before doing anything (the kind of error the
 *   state machine retries with backoff);
 * - permanent: it throws `InjectedFault`, which no Retry matches (a bug, a bad deployment);
 * - timeout: the function runs — its side effects happen — but Lambda reports `Sandbox.Timedout`
 *   as if it had run past its configured timeout (the caller cannot know whether it worked: the
 *   case idempotency exists for). The emulator does not sit out the real seconds.
 *
 * `times` limits how many invocations fail (default: every one), so a fault can heal within the
 * Retry budget.
 */
import type { InvokeLambda } from './runner';

export const FAULT_MODES = ['transient', 'permanent', 'timeout'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSpec {
  functionName: string;
  mode: FaultMode;
  /** How many invocations fail; Infinity for all. */
  times: number;
}

class InjectedError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses one `--fail` value; `taskFunctions` are the functions the state machine calls. */
export function parseFaultSpec(text: string, taskFunctions: readonly string[]): FaultSpec {
  const usage = 'expected <function>:<transient|permanent|timeout>[:<times>]';
  const [functionName = '', mode = '', times, ...rest] = text.split(':');
  if (rest.length > 0 || !functionName || !mode) throw new Error(`--fail "${text}": ${usage}`);
  if (!taskFunctions.includes(functionName)) {
    throw new Error(
      `--fail "${text}": "${functionName}" is not a Task function of the state machine (one of: ${taskFunctions.join(', ')})`,
    );
  }
  if (!(FAULT_MODES as readonly string[]).includes(mode)) {
    throw new Error(`--fail "${text}": mode must be transient, permanent or timeout`);
  }
  let count = Number.POSITIVE_INFINITY;
  if (times !== undefined) {
    if (!/^[1-9]\d{0,5}$/.test(times))
      throw new Error(`--fail "${text}": times must be a whole number from 1 to 999999`);
    count = Number(times);
  }
  return { functionName, mode: mode as FaultMode, times: count };
}

export class FaultInjector {
  /** Faults injected so far, per function. */
  readonly injected = new Map<string, number>();
  private specs: readonly FaultSpec[] = [];

  constructor(specs: readonly FaultSpec[] = []) {
    this.configure(specs);
  }

  /** Replaces the faults to inject and forgets what was injected so far. */
  configure(specs: readonly FaultSpec[]): void {
    const seen = new Set<string>();
    for (const spec of specs) {
      if (seen.has(spec.functionName)) throw new Error(`--fail: more than one fault for ${spec.functionName}`);
      seen.add(spec.functionName);
    }
    this.specs = specs;
    this.injected.clear();
  }

  wrap(invoke: InvokeLambda): InvokeLambda {
    return async (functionName, payload, stateName) => {
      const spec = this.specs.find((s) => s.functionName === functionName);
      const done = this.injected.get(functionName) ?? 0;
      if (!spec || done >= spec.times) return invoke(functionName, payload, stateName);
      this.injected.set(functionName, done + 1);
      const which = `${functionName} (${stateName}), fault ${done + 1}${Number.isFinite(spec.times) ? ` of ${spec.times}` : ''}`;
      switch (spec.mode) {
        case 'transient':
          throw new InjectedError('TransientError', `Injected transient fault in ${which}`);
        case 'permanent':
          throw new InjectedError('InjectedFault', `Injected permanent fault in ${which}`);
        case 'timeout':
          await invoke(functionName, payload, stateName).catch(() => undefined);
          throw new InjectedError('Sandbox.Timedout', `Injected timeout: ${which} ran past its timeout`);
      }
    };
  }
}
