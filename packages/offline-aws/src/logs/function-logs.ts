/**
 * Every function's own output (what it writes to stdout and stderr: its Powertools JSON lines),
 * kept in one file per function as Lambda keeps it in the function's CloudWatch log group
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html):
 * `<directory>/<function>.log`, each line stamped as `aws logs tail --format short` prints it
 * (`<ISO time> <message>`). An invocation is written as one block when it ends (output during it
 * between Lambda's `START RequestId: …` and `END`/`REPORT` lines), so blocks of concurrent
 * invocations do not interleave; output outside an invocation (Init, or after the answer) is written
 * as it comes. A file over ROTATE_BYTES when a stack first writes to it becomes `<function>.log.1`
 * (the previous `.1` is dropped).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InvocationSummary } from './lines';

/** Size (bytes) past which a function's file is set aside when a stack starts writing to it. */
export const ROTATE_BYTES = 8 * 1024 * 1024;

/** A piece of a function's output and when it came (epoch ms). */
export interface OutputChunk {
  at: number;
  text: string;
}

/** `<time> <line>` for every line of the chunks; a line split over chunks takes its first chunk's time. */
export function stampLines(chunks: readonly OutputChunk[]): string[] {
  const lines: string[] = [];
  let pending: { at: number; text: string } | undefined;
  for (const chunk of chunks) {
    const parts = chunk.text.split('\n');
    parts.forEach((part, index) => {
      pending = pending ? { at: pending.at, text: pending.text + part } : { at: chunk.at, text: part };
      if (index < parts.length - 1) {
        lines.push(`${new Date(pending.at).toISOString()} ${pending.text.replace(/\r$/, '')}`);
        pending = undefined;
      }
    });
  }
  if (pending && pending.text !== '') lines.push(`${new Date(pending.at).toISOString()} ${pending.text}`);
  return lines;
}

/** A handler's error as Lambda's Node.js runtime logs it: its type, message and stack lines. */
export interface InvokeError {
  errorType: string;
  errorMessage: string;
  stack: readonly string[];
}

/** `<time>\t<request id>\tERROR\tInvoke Error \t{"errorType":…,"errorMessage":…,"stack":[…]}` (`at`: epoch ms). */
export const invokeErrorLine = (at: number, requestId: string, error: InvokeError): string =>
  `${new Date(at).toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ ...error })}`;

/**
 * Lambda's lines around an invocation's output: `START RequestId: <id> Version: $LATEST` before,
 * `END RequestId: <id>` and the `REPORT` line after (Duration, Memory Size, Init Duration on a cold
 * start, `Status: timeout` for a timeout). A handler that threw or rejected gets the line the
 * Node.js runtime writes for it before END, `<time>\t<id>\tERROR\tInvoke Error \t{errorType,
 * errorMessage, stack}` (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html), so
 * the reason a function refused an event is in its log. Billed Duration and Max Memory Used are not
 * measured offline and left out (docs/fidelity.md).
 */
export function invocationBlock(
  summary: InvocationSummary,
  output: readonly OutputChunk[],
  memorySize: number,
  invokeError?: InvokeError,
) {
  const id = summary.requestId;
  const stamp = (at: number) => new Date(at).toISOString();
  const ended = summary.startedAt + summary.durationMs;
  const report = [
    `REPORT RequestId: ${id}`,
    `Duration: ${summary.durationMs.toFixed(2)} ms`,
    `Memory Size: ${memorySize} MB`,
    ...(summary.initDurationMs === undefined ? [] : [`Init Duration: ${summary.initDurationMs.toFixed(2)} ms`]),
    ...(summary.error === 'Sandbox.Timedout' ? ['Status: timeout'] : []),
  ].join('\t');
  return [
    `${stamp(summary.startedAt)} START RequestId: ${id} Version: $LATEST`,
    ...stampLines(output),
    ...(invokeError === undefined ? [] : [invokeErrorLine(ended, id, invokeError)]),
    `${stamp(ended)} END RequestId: ${id}`,
    `${stamp(ended)} ${report}`,
  ];
}

export class FunctionLogFiles {
  private readonly checked = new Set<string>();

  constructor(readonly directory: string) {}

  /** The file of a function's log. */
  file(functionName: string): string {
    return join(this.directory, `${functionName}.log`);
  }

  /** Appends lines to a function's file (its directory made, an oversized file set aside first). */
  append(functionName: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const file = this.file(functionName);
    if (!this.checked.has(functionName)) {
      this.checked.add(functionName);
      mkdirSync(this.directory, { recursive: true });
      if (existsSync(file) && statSync(file).size > ROTATE_BYTES) renameSync(file, `${file}.1`);
    }
    appendFileSync(file, `${lines.join('\n')}\n`);
  }

  /**
   * The lines of one invocation, `START` to `REPORT`, from the function's file (and the file set
   * aside before it); undefined when it is in neither.
   */
  read(functionName: string, requestId: string): string[] | undefined {
    for (const file of [this.file(functionName), `${this.file(functionName)}.1`]) {
      if (!existsSync(file)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      const start = lines.findIndex((line) => line.includes(` START RequestId: ${requestId} `));
      if (start < 0) continue;
      const end = lines.findIndex((line, index) => index > start && line.includes(` REPORT RequestId: ${requestId}`));
      return lines.slice(start, end < 0 ? undefined : end + 1);
    }
    return undefined;
  }
}
