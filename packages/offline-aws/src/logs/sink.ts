/**
 * Where the offline stack's output goes. Two kinds, kept apart as on AWS:
 *
 * - the stack's own lines for people (lines.ts: one per invocation, per HTTP API request, per event
 *   an asynchronous invocation gave up on), each at most 200 characters, to `print` (default:
 *   stderr);
 * - what the functions write (their Powertools JSON), to one file per function (function-logs.ts),
 *   never to the terminal: `<root>/.local/logs/<function>.log` by default.
 *
 * It also remembers which invocations a Task state's attempts made (the last MAX_REMEMBERED), so
 * the console can link an attempt to its log lines.
 */
import { FunctionLogFiles, invocationBlock, stampLines, type InvokeError, type OutputChunk } from './function-logs';
import { fitLine, invocationLine, type InvocationSummary } from './lines';

export interface LogOptions {
  /** Receives each line the stack prints itself (default: written to stderr). Tests capture it. */
  print?: (line: string) => void;
  /** Directory of the functions' log files (default `<root>/.local/logs`); `false` keeps none. */
  directory?: string | false;
}

/** An invocation that ended, with what the function wrote during it. */
export interface EndedInvocation extends InvocationSummary {
  output: readonly OutputChunk[];
  /** The error the handler ended with, which Lambda's runtime logs as `ERROR Invoke Error`. */
  invokeError?: InvokeError;
  /** The function's memory (MB), for the REPORT line. */
  memorySize: number;
}

/** Invocations remembered for the console's links. */
const MAX_REMEMBERED = 5000;

const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

export class LogSink {
  private readonly printer: (line: string) => void;
  private files: FunctionLogFiles | undefined;
  /** `<executionArn> <state>` → the invocations of that state's attempts, oldest first. */
  private readonly byState = new Map<string, InvocationSummary[]>();
  private remembered = 0;

  /** @param directory the functions' log files (undefined: none kept) */
  constructor(options: { print?: (line: string) => void; directory?: string }) {
    this.printer = options.print ?? toStderr;
    this.files = options.directory === undefined ? undefined : new FunctionLogFiles(options.directory);
  }

  /** A sink that prints nothing and keeps no file (a pool started on its own). */
  static silent(): LogSink {
    return new LogSink({ print: () => undefined });
  }

  /** The directory of the functions' log files, if kept. */
  get directory(): string | undefined {
    return this.files?.directory;
  }

  /** The log file of a function, if kept. */
  fileOf(functionName: string): string | undefined {
    return this.files?.file(functionName);
  }

  /** Prints one line of the stack's own, on one line and cut to 200 characters. */
  print(line: string): void {
    this.printer(fitLine(line));
  }

  /** Output of a function outside any invocation (its Init, or work after its answer). */
  output(functionName: string, chunk: OutputChunk): void {
    this.write(functionName, stampLines([chunk]));
  }

  /**
   * An invocation starting now: `onLog` collects what the function writes during it (and passes it
   * on to `passOn`, e.g. LogType Tail's), `end` reports it as invocation() does.
   */
  begin(
    start: Omit<EndedInvocation, 'output' | 'startedAt' | 'durationMs' | 'error'>,
    passOn?: (text: string) => void,
  ): { onLog(text: string): void; end(durationMs: number, error?: string, invokeError?: InvokeError): void } {
    const startedAt = Date.now();
    const output: OutputChunk[] = [];
    return {
      onLog: (text) => {
        output.push({ at: Date.now(), text });
        passOn?.(text);
      },
      end: (durationMs, error, invokeError) =>
        this.invocation({ ...start, startedAt, durationMs, output, error, ...(invokeError ? { invokeError } : {}) }),
    };
  }

  /** One ended invocation: its line printed, its block written to the function's file. */
  invocation(ended: EndedInvocation): void {
    const { output, memorySize, invokeError, ...summary } = ended;
    this.print(invocationLine(summary));
    this.write(summary.functionName, invocationBlock(summary, output, memorySize, invokeError));
    const { executionArn, stateName } = summary.trigger ?? {};
    if (executionArn === undefined || stateName === undefined) return;
    const key = `${executionArn} ${stateName}`;
    const list = this.byState.get(key) ?? [];
    list.push(summary);
    this.byState.delete(key); // re-inserted last: the oldest key is the first to go
    this.byState.set(key, list);
    this.remembered += 1;
    while (this.remembered > MAX_REMEMBERED) {
      const [oldest, invocations] = this.byState.entries().next().value as [string, InvocationSummary[]];
      this.byState.delete(oldest);
      this.remembered -= invocations.length;
    }
  }

  /** The invocations a state's attempts made in an execution, oldest first (the last 5,000 kept). */
  invocationsOf(executionArn: string, stateName: string): InvocationSummary[] {
    return [...(this.byState.get(`${executionArn} ${stateName}`) ?? [])];
  }

  /** One invocation's lines from its function's file (START to REPORT); undefined when not kept. */
  linesOf(functionName: string, requestId: string): string[] | undefined {
    return this.files?.read(functionName, requestId);
  }

  private write(functionName: string, lines: string[]): void {
    try {
      this.files?.append(functionName, lines);
    } catch (error) {
      // A log directory that cannot be written must not fail invocations: said once, then none kept.
      this.print(`function logs are no longer kept: ${(error as Error).message}`);
      this.files = undefined;
    }
  }
}
