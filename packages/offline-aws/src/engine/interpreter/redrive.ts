/**
 * What an execution remembers so that RedriveExecution can continue it where it stopped
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): "it continues the
 * failed execution from the unsuccessful step and uses the same input … [and] doesn't rerun" the
 * successful steps; "for workflows that include an Inline Map or Parallel state, [it] reschedules
 * and redrives only the iterations and branches that failed or aborted"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html).
 *
 * Two things are kept, per execution, across its attempts:
 * - the top-level state entered last, with its input and the variables as they were at its entry:
 *   whatever ended the execution (a failure, StopExecution, its TimeoutSeconds) happened in it;
 * - the outputs of the Parallel branches and Map iterations that succeeded inside a Parallel or
 *   Map state that has not finished (one that failed without being caught), keyed by where they are
 *   (`/Outer[1]/Inner[0]`: branch or item 0 of the state Inner inside branch or item 1 of Outer).
 */
import type { Json, JsonObject } from '../query/types';

/** Where a redrive continues: the top-level state, its input and the workflow variables at its entry. */
export interface ResumePoint {
  name: string;
  input: Json;
  variables: JsonObject;
}

const copy = <T>(value: T): T => structuredClone(value);

export class RedriveMemory {
  private resume?: ResumePoint;
  /** Outputs of the branches and iterations that succeeded in an earlier attempt, not yet reused. */
  private earlier = new Map<string, Json>();
  /** Outputs of the branches and iterations that succeeded (or were reused) in this attempt. */
  private current = new Map<string, Json>();

  /** The key of branch or item `index` of the state `name` run at a place whose key is `path`. */
  static keyOf(path: string | undefined, name: string, index: number): string {
    return `${path ?? ''}/${name}[${index}]`;
  }

  /** A top-level state was entered with `input` and these `variables`. */
  entered(name: string, input: Json, variables: JsonObject): void {
    this.resume = { name, input: copy(input), variables: copy(variables) };
  }

  /** Where a redrive starts, if a top-level state was entered (else the workflow's StartAt). */
  get resumePoint(): ResumePoint | undefined {
    return this.resume === undefined ? undefined : copy(this.resume);
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
