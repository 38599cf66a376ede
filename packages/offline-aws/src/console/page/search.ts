/** The search of the executions list. Pure (no DOM): unit-tested in Node. */

export interface Searchable {
  name: string;
  executionArn: string;
  status: string;
  error?: string;
  /** The execution's input (JSON text): any id it was started with. */
  input?: string | undefined;
}

/**
 * Whether an execution matches a search: every word of `query` (case-insensitive) appears in its
 * name, ARN, status, error or input. An empty query matches every execution.
 */
export function matches(execution: Searchable, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const { name, executionArn, status, error, input } = execution;
  const text = [name, executionArn, status, error ?? '', input ?? ''].join('\n').toLowerCase();
  return words.every((word) => text.includes(word));
}
