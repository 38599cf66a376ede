/**
 * Workflow variables' scopes (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * a workflow's variables are visible to every state after the one that assigned them; a Parallel
 * branch or a Map iteration starts a scope of its own that reads the outer variables but cannot
 * assign them ("Variable scope"), and whose own variables end with it.
 */
import type { Json, JsonObject, VariableReader } from '../query/types';

export class VariableScope implements VariableReader {
  private readonly values = new Map<string, Json>();

  constructor(private readonly outer?: VariableScope) {}

  get(name: string): Json | undefined {
    return this.values.has(name) ? this.values.get(name) : this.outer?.get(name);
  }

  all(): JsonObject {
    return { ...(this.outer?.all() ?? {}), ...Object.fromEntries(this.values) };
  }

  /** This scope's own variables (not the outer scopes'). */
  own(): JsonObject {
    return Object.fromEntries(this.values);
  }

  /** Whether `name` is an outer scope's variable (a branch or iteration cannot assign it). */
  isOuter(name: string): boolean {
    return !this.values.has(name) && this.outer?.get(name) !== undefined;
  }

  /** Sets every assignment at once, after they were all evaluated (Assign's semantics). */
  assign(values: JsonObject): void {
    for (const [name, value] of Object.entries(values)) this.values.set(name, value);
  }

  /** A scope for a branch or an iteration, reading this one. */
  child(): VariableScope {
    return new VariableScope(this);
  }
}
