/**
 * An issue of a state machine definition, named by the state, the path and the field (what the
 * definition check and CreateStateMachine report), and how one is made from a path.
 */
import type { Json } from '../serverless/config';
import { formatPath, type PathSegment } from './json-spans';

export interface DefinitionIssue {
  /** The object holding the field, e.g. `States.ReserveAndAuthorize.Branches[0].States.ReserveInventory.Retry[0]`; '' is the top level. */
  path: string;
  /** The innermost state the issue is in (`ReserveInventory`), if any. */
  state?: string;
  /** The field at fault, e.g. `JitterStrategy`, `ErrorEquals[1]`. */
  field?: string;
  /** The value at fault, when the issue is about a value. */
  value?: Json;
  message: string;
  /** Who found it: one of the two validators, the rules of asl-rules.ts, or the offline runtime's limits. */
  source: 'amazon-states-language-service' | 'asl-validator' | 'Amazon States Language' | 'offline runtime';
  /** `path` and `field` as segments (for comparing places). */
  segments: PathSegment[];
}

/** The innermost state along a path: the key that follows the last `States`. */
function stateOf(path: PathSegment[]): string | undefined {
  for (let i = path.length - 2; i >= 0; i -= 1) {
    const next = path[i + 1];
    if (path[i] === 'States' && typeof next === 'string') return next;
  }
  return undefined;
}

/**
 * An issue at `segments`. With `onField`, the last key (and the indexes after it) is the field:
 * `[..., 'Retry', 0, 'JitterStrategy']` → path `...Retry[0]`, field `JitterStrategy`;
 * without, the issue is about the object at `segments` itself (e.g. "Missing property").
 */
export function issueAt(
  segments: PathSegment[],
  message: string,
  source: DefinitionIssue['source'],
  options: { onField: boolean; value?: Json },
): DefinitionIssue {
  let fieldStart = segments.length;
  if (options.onField) {
    while (fieldStart > 0 && typeof segments[fieldStart - 1] === 'number') fieldStart -= 1;
    if (fieldStart > 0) fieldStart -= 1;
  }
  const issue: DefinitionIssue = { path: formatPath(segments.slice(0, fieldStart)), message, source, segments };
  const state = stateOf(segments);
  if (state !== undefined) issue.state = state;
  if (fieldStart < segments.length) issue.field = formatPath(segments.slice(fieldStart));
  if (options.value !== undefined) issue.value = options.value;
  return issue;
}
