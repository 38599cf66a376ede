/**
 * What an execution remembers so that RedriveExecution can continue it where it stopped
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): "it continues the
 * failed execution from the unsuccessful step and uses the same input … [and] doesn't rerun" the
 * successful steps; "for workflows that include an Inline Map or Parallel state, [it] reschedules
 * and redrives only the iterations and branches that failed or aborted"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html).
 *
 * Kept per execution, across its attempts, for each line of work (the execution's top level, a
 * Parallel branch, a Map iteration, a distributed Map's child):
 * - the state it entered last, with its input and the line's own variables at that entry: whatever
 *   ended the line (a failure, StopExecution, the execution's TimeoutSeconds) happened in it;
 * - the outputs of the branches and iterations that succeeded inside a Parallel or Map state that
 *   has not finished (one that failed without being caught).
 * Lines are keyed by where they are: `/Outer[1]/Inner[0]` is branch or item 0 of the state Inner
 * inside branch or item 1 of Outer; the top level is the empty key.
 */
import type { Json, JsonObject } from '../query/types';

/** Where a line of work continues in a redrive: its state, that state's input and the line's variables. */
export interface ResumePoint {
  name: string;
  input: Json;
  variables: JsonObject;
}

const copy = <T>(value: T): T => structuredClone(value);
/** The memory's key of a line's resume point (`>` after the line's key, so a container's prefix covers it). */
const resumeKey = (path: string | undefined) => `${path ?? ''}>`;

export class RedriveMemory {
  /** What an earlier attempt left: resume points, and outputs of branches and iterations, not yet used. */
  private earlier = new Map<string, Json>();
  /** What this attempt leaves. */
  private current = new Map<string, Json>();

  /** The key of branch or item `index` of the state `name` run at a place whose key is `path`. */
  static keyOf(path: string | undefined, name: string, index: number): string {
    return `${path ?? ''}/${name}[${index}]`;
  }

  /** The line `path` entered the state `name` with `input` and the line's own `variables`. */
  entered(path: string | undefined, name: string, input: Json, variables: JsonObject): void {
    this.current.set(resumeKey(path), copy({ name, input, variables }));
  }

  /**
   * Where the line `path` continues in this redrive, if an earlier attempt left it unfinished
   * (else it runs from its StartAt). Used once: a Retry of an enclosing state starts the line afresh.
   */
  resumeAt(path: string | undefined): ResumePoint | undefined {
    const key = resumeKey(path);
    const point = this.earlier.get(key) as ResumePoint | undefined;
    this.earlier.delete(key);
    return point === undefined ? undefined : copy(point);
  }

  /** The line `path` is run afresh in a redrive (an EXPRESS child of a distributed Map is restarted). */
  restart(path: string | undefined): void {
    this.earlier.delete(resumeKey(path));
  }

  /**
   * The output of the branch or iteration `key` if it succeeded in an earlier attempt: it is not run
   * again. Used once: a Retry of its state in this attempt runs every branch or iteration again.
   */
  reuse(key: string): { output: Json } | undefined {
    if (!this.earlier.has(key)) return undefined;
    const output = this.earlier.get(key) as Json;
    this.earlier.delete(key);
    this.current.set(key, output);
    return { output };
  }

  /**
   * The Map Run of the distributed Map `name` at `path` as it starts: `fresh` with redriveCount 0,
   * or, in a redrive, the one that did not finish, redriven once more.
   */
  mapRun(path: string | undefined, name: string, fresh: string): { mapRunArn: string; redriveCount: number } {
    const key = `${path ?? ''}/${name}[run]`;
    const earlier = this.reuse(key)?.output as { mapRunArn: string; redriveCount: number } | undefined;
    const run = earlier
      ? { ...earlier, redriveCount: earlier.redriveCount + 1 }
      : { mapRunArn: fresh, redriveCount: 0 };
    this.current.set(key, run);
    return run;
  }

  /** The branch or iteration `key` succeeded with `output`. */
  succeeded(key: string, output: Json): void {
    this.current.set(key, copy(output));
  }

  /**
   * The Parallel or Map state `name` at `path` ended without failing the run (it succeeded, or its
   * failure was caught): none of its branches or iterations will be redriven.
   */
  finished(path: string | undefined, name: string): void {
    const prefix = `${path ?? ''}/${name}[`;
    for (const memory of [this.earlier, this.current]) {
      for (const key of [...memory.keys()]) if (key.startsWith(prefix)) memory.delete(key);
    }
  }

  /** A redrive begins: what succeeded so far becomes reusable. */
  beginRedrive(): void {
    for (const [key, output] of this.current) this.earlier.set(key, output);
    this.current = new Map();
  }
}
