/**
 * CLI output discipline: results go to stdout, everything else (handler logs, progress) to stderr.
 * Handlers log with Powertools to stdout as Lambda expects; the CLIs re-route those writes so that
 * `--json` prints exactly one JSON object on stdout.
 */
type Write = typeof process.stdout.write;

const originalWrite: Write = process.stdout.write.bind(process.stdout);

export function routeLogsToStderr(): void {
  process.stdout.write = process.stderr.write.bind(process.stderr) as Write;
}

/** Writes a result line to the real stdout. */
export function printResult(text: string): void {
  originalWrite(text.endsWith('\n') ? text : `${text}\n`);
}

export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}
