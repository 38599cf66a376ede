/**
 * What the project watcher reports (project-watch.ts), one event per batch of saves and kind of
 * change, and the one line a person reads for each (`describeWatchEvent`).
 */

export type WatchEvent =
  /** These functions were rebuilt: invocations from now on run the new bundles. */
  | { kind: 'functions-reloaded'; functions: string[]; files: string[]; ms: number; fixed: boolean }
  /** The state machine's definition was reloaded: executions started from now on run it. */
  | { kind: 'definition-reloaded'; stateMachine: string; files: string[]; fixed: boolean }
  /** A change did not build (code) or is not a valid definition: the last good one keeps serving. */
  | { kind: 'build-failed'; target: 'functions' | 'definition'; file: string; error: string }
  /** serverless.yml changed what only a restart applies (functions, tables, topics, settings). */
  | { kind: 'restart-needed'; changes: string[] }
  /** The watcher itself failed (the file system's watch limit, say): changes may go unnoticed. */
  | { kind: 'watch-error'; error: string };

const list = (names: string[], max = 4): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

/** The event in one line (no line break), paths as given (relative to the project root). */
export function describeWatchEvent(event: WatchEvent): string {
  switch (event.kind) {
    case 'functions-reloaded':
      return (
        `${event.fixed ? 'fixed: ' : ''}rebuilt ${list(event.functions)} in ${Math.round(event.ms)} ms ` +
        `(${list(event.files, 2)} changed); new invocations run the new code`
      );
    case 'definition-reloaded':
      return (
        `${event.fixed ? 'fixed: ' : ''}reloaded state machine ${event.stateMachine} (${list(event.files, 2)} changed); ` +
        'new executions run it, running ones keep theirs'
      );
    case 'build-failed':
      return `✗ ${event.file}: ${event.error} (the last good ${event.target === 'functions' ? 'build' : 'definition'} keeps serving)`;
    case 'restart-needed':
      return `serverless.yml: ${event.changes.join('; ')}: restart to apply (code and definitions reload by themselves)`;
    case 'watch-error':
      return `✗ watching the project failed: ${event.error.split('\n')[0] ?? ''} (restart to watch again)`;
  }
}
