/**
 * CLI output discipline: results go to stdout, everything else (handler logs, progress) to stderr.
 * Handlers log with Powertools to stdout as Lambda expects; the CLIs re-route those writes so that
 * `--json` prints exactly one JSON object on stdout.
 */
type Write = typeof process.stdout.write;

/** Where results go while logs are routed to stderr: stdout's write as it was when routing began. */
let resultWrite: Write | undefined;

/**
 * Sends everything written to stdout to stderr, except what printResult writes.
 * @returns a function that puts stdout back as it was (for a main() called in-process, by a test).
 */
export function routeLogsToStderr(): () => void {
  const previous = process.stdout.write;
  const previousResultWrite = resultWrite;
  resultWrite = previous.bind(process.stdout) as Write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as Write;
  return () => {
    process.stdout.write = previous;
    resultWrite = previousResultWrite;
  };
}

/** Writes a result line to stdout (the real one, even while logs are routed to stderr). */
export function printResult(text: string): void {
  const line = text.endsWith('\n') ? text : `${text}\n`;
  if (resultWrite) resultWrite(line);
  else process.stdout.write(line);
}

export function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}
