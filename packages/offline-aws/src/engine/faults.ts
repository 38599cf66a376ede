/**
 * Fault injection for the offline runner: `--fail <target>:<mode>[:<times>]`.
 *
 * `<target>` is a Task **state name** (any Task state: Lambda, SNS and SQS integrations alike, so a
 * fault can hit `CompleteOrder` and not `ConfirmOrder`, which call the same function) or a Lambda
 * **function name** (every state that calls it). Modes:
 * - `transient`: the call fails before doing anything, with the error a retrier is meant for
 *   (`TransientError` for a function, `SNS.InternalErrorException` / `SQS.InternalError` for an
 *   integration);
 * - `permanent`: it fails before doing anything with `InjectedFault`, which no Lambda retrier
 *   matches (a bug, a bad deployment);
 * - `timeout`: the call runs — its side effects happen — and is then reported as timed out
 *   (`Sandbox.Timedout` for a function, `States.Timeout` for an integration): the caller cannot
 *   know whether it worked, the case idempotency exists for. The emulator does not sit out the time;
 * - `after:<ErrorName>`: the call runs, then reports that error (`after:Lambda.Unknown` is Lambda
 *   losing the answer of a function that did its work).
 *
 * `times` limits how many calls fail (default: every one), so a fault can heal within the Retry
 * budget.
 */
export const FAULT_MODES = ['transient', 'permanent', 'timeout', 'after'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** What a Task state calls: the runner asks the injector about each call with this. */
export interface FaultSite {
  /** The Task state making the call. */
  stateName: string;
  /** The Lambda function it invokes; absent for service integrations. */
  functionName?: string;
  /** `lambda`, `sns:publish` or `sqs:sendMessage`. */
  kind: string;
}

export interface FaultSpec {
  /** A Task state name or a Lambda function name. */
  target: string;
  mode: FaultMode;
  /** With `after`: the error the call reports once its effect happened. */
  error?: string;
  /** How many calls fail; Infinity for all. */
  times: number;
}

/** The Task states a definition has, as fault targets: name → function (or integration kind). */
export interface FaultTargets {
  states: ReadonlyMap<string, { functionName?: string; kind: string }>;
}

export class InjectedError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const USAGE = 'expected <state|function>:<transient|permanent|timeout|after:<ErrorName>>[:<times>]';
/** Error names as Retry/Catch match them: letters, digits, `.`, `_`, `-` (e.g. `Lambda.Unknown`). */
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,255}$/;

/**
 * Parses one `--fail` value against the state machine's Task states.
 * @throws Error naming the value and what is wrong with it (unknown target, mode, error or count).
 */
export function parseFaultSpec(text: string, targets: FaultTargets): FaultSpec {
  const parts = text.split(':');
  const [target = '', mode = ''] = parts;
  if (!target || !mode) throw new Error(`--fail "${text}": ${USAGE}`);
  const functions = new Set([...targets.states.values()].flatMap((s) => (s.functionName ? [s.functionName] : [])));
  if (!targets.states.has(target) && !functions.has(target)) {
    throw new Error(
      `--fail "${text}": "${target}" is neither a Task state nor a Task function of the state machine ` +
        `(states: ${[...targets.states.keys()].join(', ')}; functions: ${[...functions].join(', ')})`,
    );
  }
  if (!(FAULT_MODES as readonly string[]).includes(mode)) {
    throw new Error(`--fail "${text}": mode must be transient, permanent, timeout or after:<ErrorName>`);
  }
  let error: string | undefined;
  let rest = parts.slice(2);
  if (mode === 'after') {
    error = rest[0] ?? '';
    if (!ERROR_NAME.test(error) || error === 'States.ALL') {
      throw new Error(
        `--fail "${text}": after needs the error to report, e.g. after:Lambda.Unknown (letters, digits, . _ -; not States.ALL)`,
      );
    }
    rest = rest.slice(1);
  }
  if (rest.length > 1) throw new Error(`--fail "${text}": ${USAGE}`);
  let times = Number.POSITIVE_INFINITY;
  if (rest.length === 1) {
    if (!/^[1-9]\d{0,5}$/.test(rest[0] ?? ''))
      throw new Error(`--fail "${text}": times must be a whole number from 1 to 999999`);
    times = Number(rest[0]);
  }
  return { target, mode: mode as FaultMode, ...(error === undefined ? {} : { error }), times };
}

export class FaultInjector {
  /** Faults injected so far, per target. */
  readonly injected = new Map<string, number>();
  private specs: readonly FaultSpec[] = [];

  constructor(specs: readonly FaultSpec[] = []) {
    this.configure(specs);
  }

  /** Replaces the faults to inject and forgets what was injected so far. */
  configure(specs: readonly FaultSpec[]): void {
    const seen = new Set<string>();
    for (const spec of specs) {
      if (seen.has(spec.target)) throw new Error(`--fail: more than one fault for ${spec.target}`);
      seen.add(spec.target);
    }
    this.specs = specs;
    this.injected.clear();
  }

  /**
   * Runs one call of a Task state, failing it as configured.
   * @param call performs the call (its side effects); called unless the fault fails it first.
   */
  async apply<T>(site: FaultSite, call: () => Promise<T>): Promise<T> {
    const live = (s: FaultSpec) => (this.injected.get(s.target) ?? 0) < s.times;
    // A fault on the state itself comes before a fault on the function it calls.
    const spec =
      this.specs.find((s) => s.target === site.stateName && live(s)) ??
      this.specs.find((s) => s.target === site.functionName && live(s));
    if (!spec) return call();
    const done = (this.injected.get(spec.target) ?? 0) + 1;
    this.injected.set(spec.target, done);
    const lambda = site.kind === 'lambda';
    const service = site.kind.startsWith('sqs') ? 'SQS' : 'SNS';
    const which = `${site.functionName ?? site.kind} (${site.stateName}), fault ${done}${Number.isFinite(spec.times) ? ` of ${spec.times}` : ''}`;
    switch (spec.mode) {
      case 'transient':
        throw new InjectedError(
          lambda ? 'TransientError' : service === 'SNS' ? 'SNS.InternalErrorException' : 'SQS.InternalError',
          `Injected transient fault in ${which}`,
        );
      case 'permanent':
        throw new InjectedError('InjectedFault', `Injected permanent fault in ${which}`);
      case 'timeout':
        await call().catch(() => undefined);
        throw new InjectedError(
          lambda ? 'Sandbox.Timedout' : 'States.Timeout',
          `Injected timeout: ${which} ran past its timeout`,
        );
      case 'after':
        await call().catch(() => undefined);
        throw new InjectedError(spec.error ?? 'InjectedFault', `Injected ${spec.error} after the call in ${which}`);
    }
  }
}
