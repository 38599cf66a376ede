/** Command-line options shared by the workflow CLIs. Unknown or malformed options are errors. */
export interface WorkflowCliOptions {
  files: string[];
  json: boolean;
  /** How long the offline runner lets a review wait before States.Timeout (AWS: TimeoutSeconds). */
  reviewTimeoutSeconds: number;
  /** Raw `--fail` values; parsed against the state machine's Task functions by the caller. */
  fail: string[];
  redrive: boolean;
}

/**
 * Long enough for the reviewer's first call to include submitReview's cold start (a new execution
 * environment, seconds on a busy machine), short enough to watch a review time out.
 */
export const DEFAULT_REVIEW_TIMEOUT_SECONDS = 10;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a CLI's main function and exits with its code: a UsageError prints its message and exits 2,
 * anything else prints the stack and exits 1.
 */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof UsageError ? error.message : String((error as Error).stack ?? error)}\n`,
      );
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}

export function parseWorkflowArgs(argv: string[], usage: string): WorkflowCliOptions {
  const options: WorkflowCliOptions = {
    files: [],
    json: false,
    reviewTimeoutSeconds: DEFAULT_REVIEW_TIMEOUT_SECONDS,
    fail: [],
    redrive: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--json') options.json = true;
    else if (arg === '--review-timeout') {
      const value = Number(argv[i + 1]);
      if (!Number.isFinite(value) || value <= 0 || value > 86400) {
        throw new UsageError(`--review-timeout needs a number of seconds between 0 and 86400\n${usage}`);
      }
      options.reviewTimeoutSeconds = value;
      i += 1;
    } else if (arg === '--fail') {
      const value = argv[i + 1];
      if (!value || value.startsWith('-')) {
        throw new UsageError(`--fail needs <function>:<transient|permanent|timeout>[:<times>]\n${usage}`);
      }
      options.fail.push(value);
      i += 1;
    } else if (arg === '--redrive') options.redrive = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError(usage);
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}\n${usage}`);
    else options.files.push(arg);
  }
  return options;
}
