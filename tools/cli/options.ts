/**
 * Command-line parsing shared by the CLIs: node:util `parseArgs` in strict mode, with one convention
 * for bad input (a UsageError: message and usage on stderr, exit code 2) and one for `--help` (the
 * usage on stdout, exit code 0).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EndpointsFileError } from 'offline-aws/endpoints/file';
import { ScenarioFileError } from '../offline/scenario-file';
import { printResult } from './output';

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
  override readonly name: string = 'UsageError';
}

/**
 * `--help`/`-h`: not an error of the user's, the usage they asked for (runCli prints it on stdout
 * and exits 0). A UsageError still, so a script that runs parseCliArgs without runCli refuses to
 * go on (and says the usage) rather than running with the help flag.
 */
export class HelpRequested extends UsageError {
  override readonly name = 'HelpRequested';
}

/**
 * A failure the command explains in its message, with nothing a stack would add (a deployed
 * stage without the queue, …): runCli prints the message alone and exits 1.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** An error in what the user gave the command: its arguments, or a scenario file it names. */
const isUsageError = (error: unknown): error is Error =>
  error instanceof UsageError || error instanceof ScenarioFileError;

/**
 * A known failure whose message says it all (exit 1): a CommandError, or a state file of the local
 * system the user did not name but that cannot be read (`.local/endpoints.json`, EndpointsFileError).
 */
const isExplainedFailure = (error: unknown): error is Error =>
  error instanceof CommandError || error instanceof EndpointsFileError;

/**
 * Runs a CLI's main function and exits with its code: `--help` prints the usage on stdout and
 * exits 0; a UsageError or a ScenarioFileError prints its message on stderr and exits 2; a
 * CommandError or an EndpointsFileError its message and exits 1; anything else its stack, exit 1.
 */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof HelpRequested) {
        printResult(error.message);
        process.exit(0);
        return;
      }
      process.stderr.write(`${failureText(error)}\n`);
      process.exit(isUsageError(error) ? 2 : 1);
    },
  );
}

/**
 * What a failed command says: a UsageError's message (a ScenarioFileError's, a CommandError's, an
 * EndpointsFileError's); AWS's answer that there are no credentials in one line with what to do (a
 * deployed stage's commands need them, the local stack's do not); anything else with its stack.
 */
export function failureText(error: unknown): string {
  if (isUsageError(error) || isExplainedFailure(error)) return error.message;
  if ((error as Error | undefined)?.name === 'CredentialsProviderError') {
    return (
      `No AWS credentials: ${(error as Error).message.split('\n')[0] ?? ''}\n` +
      'Commands against a deployed stage need them: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run aws sso login.'
    );
  }
  return String((error as Error | undefined)?.stack ?? error);
}

/** What a CLI declares: its options (parseArgs syntax) and whether it takes positional arguments. */
export interface CliArgsConfig {
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
}

/** Every CLI answers `--help`/`-h` with its usage (a HelpRequested: the command does not run). */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** What parseArgs returns for a CLI's declared options in strict mode, typed from the declaration. */
export type ParsedArgs<C extends CliArgsConfig> = ReturnType<
  typeof parseArgs<{
    options: C['options'] & typeof HELP_OPTION;
    allowPositionals: C['allowPositionals'];
    strict: true;
  }>
>;

/**
 * Errors node:util parseArgs throws for bad input carry these codes (unknown option, missing value…).
 * Checked by shape, not `instanceof Error`: under jest the error comes from another realm.
 */
const isParseArgsError = (error: unknown): error is { code: string; message: string } =>
  typeof error === 'object' &&
  error !== null &&
  String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_') &&
  typeof (error as { message?: unknown }).message === 'string';

/**
 * parseArgs' message, without the hint it adds to an unknown option of a command that takes
 * positionals (quote it after `--`): a mistyped option is the likelier cause, and through
 * `npm run x --` that advice would need a second `--`.
 */
const conciseMessage = (error: { code: string; message: string }): string =>
  error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ? error.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '')
    : error.message;

/**
 * `parseArgs` in strict mode: an undeclared option, a missing or ambiguous value, a value given to a
 * flag, or a positional argument where none is expected is a UsageError with parseArgs' message
 * (which names the argument) and the usage; `--help` among arguments that parse is a
 * HelpRequested with the usage alone, which runCli prints on stdout with exit code 0.
 */
export function parseCliArgs<const C extends CliArgsConfig>(argv: string[], usage: string, config: C): ParsedArgs<C> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, config),
      options: { ...config.options, ...HELP_OPTION },
      allowPositionals: config.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(`${conciseMessage(error)}\n${usage}`);
    throw error;
  }
  if (parsed.values.help) throw new HelpRequested(usage);
  // The same call as ParsedArgs<C> describes; TypeScript cannot narrow the spread of a generic config.
  return parsed as ParsedArgs<C>;
}

/**
 * `--name -5` as `--name=-5` for a declared value option: parseArgs takes the `-5` for an option and
 * calls the value ambiguous, so the number's own check (numberOption: its range, by name) answers
 * instead. Only a number: `--stage --json` stays ambiguous. Nothing after `--` is touched.
 */
function joinNegativeValues(argv: string[], config: CliArgsConfig): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') return [...joined, ...argv.slice(i)];
    const next = argv[i + 1];
    const option = arg.startsWith('--') ? config.options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else joined.push(arg);
  }
  return joined;
}

export interface NumberRule {
  min: number;
  max: number;
  /** Only whole numbers. */
  integer?: boolean;
  /** `min` itself is refused (a duration must be more than 0). */
  aboveMin?: boolean;
  /** What the option needs, for the message: `--runs needs <this>`. */
  expected: string;
}

/**
 * The number an option's value spells, plain decimal digits only (Number() would also take '',
 * '0x10', '1e3' and ' 5 '), within the rule's range; anything else is a UsageError naming the option.
 */
export function numberOption(name: string, value: string, rule: NumberRule, usage: string): number {
  const number = (rule.integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(value) ? Number(value) : Number.NaN;
  const inRange = (rule.aboveMin ? number > rule.min : number >= rule.min) && number <= rule.max;
  if (!inRange || (rule.integer && !Number.isSafeInteger(number))) {
    throw new UsageError(`--${name} needs ${rule.expected} (got ${JSON.stringify(value)})\n${usage}`);
  }
  return number;
}

const REVIEW_TIMEOUT: NumberRule = {
  min: 0,
  aboveMin: true,
  max: 86400,
  expected: 'a number of seconds above 0, at most 86400',
};

const RUN_OPTIONS = { json: { type: 'boolean' }, 'review-timeout': { type: 'string' } } as const;
const FAULT_OPTIONS = { fail: { type: 'string', multiple: true }, redrive: { type: 'boolean' } } as const;

/**
 * The options of `npm run workflow` and `npm start`: scenario files, `--json`, `--review-timeout`;
 * with `faults` (only `npm run workflow` injects faults) also `--fail` (repeatable) and `--redrive`.
 */
export function parseWorkflowArgs(argv: string[], usage: string, { faults = true } = {}): WorkflowCliOptions {
  const {
    values,
    positionals,
  }: {
    values: { json?: boolean; 'review-timeout'?: string; fail?: string[]; redrive?: boolean };
    positionals: string[];
  } = faults
    ? parseCliArgs(argv, usage, { options: { ...RUN_OPTIONS, ...FAULT_OPTIONS }, allowPositionals: true })
    : parseCliArgs(argv, usage, { options: RUN_OPTIONS, allowPositionals: true });
  const timeout = values['review-timeout'];
  return {
    files: positionals,
    json: values.json ?? false,
    reviewTimeoutSeconds:
      timeout === undefined
        ? DEFAULT_REVIEW_TIMEOUT_SECONDS
        : numberOption('review-timeout', timeout, REVIEW_TIMEOUT, usage),
    fail: values.fail ?? [],
    redrive: values.redrive ?? false,
  };
}

export const REDRIVE_USAGE = 'usage: npm run redrive -- --stage <stage> [--region <region>] [--json]';

/**
 * A stage name as the Serverless Framework accepts one (`provider.stage`: osls
 * lib/utils/stage-pattern.js, `^[A-Za-z0-9-]+$`); it names every deployed resource
 * (`order-processing-<stage>-…`).
 */
export const STAGE_PATTERN = /^[A-Za-z0-9-]+$/;

/**
 * An AWS region code: a lower-case partition/area prefix, one or more lower-case words and a number,
 * separated by dashes (eu-central-1, us-gov-west-1, cn-northwest-1, eusc-de-east-1).
 */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z]+)+-\d{1,2}$/;

/**
 * The value of `--stage`, checked before anything uses it (it becomes part of resource names and
 * URLs). @throws UsageError naming the option, the value and what it needs
 */
export function stageOption(value: string, usage: string): string {
  if (!STAGE_PATTERN.test(value)) {
    throw new UsageError(
      `--stage needs a stage name of letters, digits and dashes, as serverless.yml takes it (got ${JSON.stringify(value)})\n${usage}`,
    );
  }
  return value;
}

/**
 * The value of `--region`, checked before an AWS client is made with it (the SDK builds the
 * endpoint's host name from it). @throws UsageError naming the option, the value and what it needs
 */
export function regionOption(value: string, usage: string): string {
  if (!REGION_PATTERN.test(value)) {
    throw new UsageError(
      `--region needs an AWS region name such as eu-central-1 (got ${JSON.stringify(value)})\n${usage}`,
    );
  }
  return value;
}

export interface RedriveCliOptions {
  stage: string;
  region?: string;
  json: boolean;
}

/**
 * `npm run redrive`: `--stage` is required (the deployed stage whose queue is replayed), `--region`
 * optional (serverless.yml's otherwise); both are checked before anything is loaded or asked of AWS.
 */
export function parseRedriveArgs(argv: string[]): RedriveCliOptions {
  const { values } = parseCliArgs(argv, REDRIVE_USAGE, {
    options: { stage: { type: 'string' }, region: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.stage) throw new UsageError(`--stage is required (the stage you deployed)\n${REDRIVE_USAGE}`);
  return {
    stage: stageOption(values.stage, REDRIVE_USAGE),
    region: values.region === undefined ? undefined : regionOption(values.region, REDRIVE_USAGE),
    json: values.json ?? false,
  };
}

export const COST_USAGE = 'usage: npm run cost [-- --json]';

/** `npm run cost`: only `--json`. */
export function parseCostArgs(argv: string[]): { json: boolean } {
  const { values } = parseCliArgs(argv, COST_USAGE, { options: { json: { type: 'boolean' } } });
  return { json: values.json ?? false };
}

export const BENCH_USAGE = 'usage: npm run bench [-- --json] [--orders N] [--concurrency C] [--runs R]';

export interface BenchCliOptions {
  json: boolean;
  /** Happy-path orders run end to end. */
  orders: number;
  /** Orders in flight at once. */
  concurrency: number;
  /** Module inits measured per function. */
  runs: number;
}

const COUNT: NumberRule = { min: 1, max: 100_000, integer: true, expected: 'a whole number from 1 to 100000' };

/** `npm run bench`: `--json`, and the counts `--orders`, `--concurrency`, `--runs` (defaults 300, 16, 5). */
export function parseBenchArgs(argv: string[]): BenchCliOptions {
  const { values } = parseCliArgs(argv, BENCH_USAGE, {
    options: {
      json: { type: 'boolean' },
      orders: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '16' },
      runs: { type: 'string', default: '5' },
    },
  });
  return {
    json: values.json ?? false,
    orders: numberOption('orders', values.orders, COUNT, BENCH_USAGE),
    concurrency: numberOption('concurrency', values.concurrency, COUNT, BENCH_USAGE),
    runs: numberOption('runs', values.runs, COUNT, BENCH_USAGE),
  };
}

/**
 * Refuses a port that fetch and browsers will not connect to (the Fetch standard's port blocking,
 * https://fetch.spec.whatwg.org/#port-blocking: 22, 6000, 6667, …): a console there would not
 * open, and the start's readiness probe could never reach it. The list is the platform's own:
 * Node's fetch is asked (it refuses such a port at once, with "bad port"); nothing is bound. A port
 * that fetch allows is tried once: refused when free, or one GET / to whatever already listens
 * there (the start then reports the port in use).
 * @param flag the option's name without dashes, for the message
 * @param port 0 (any free port: never blocked) or the port asked for
 * @throws UsageError naming the option and the port
 */
export async function refuseBlockedPort(flag: string, port: number, usage: string): Promise<void> {
  if (port === 0) return;
  const blocked = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) }).then(
    () => false,
    (error: unknown) => (error as { cause?: { message?: string } }).cause?.message === 'bad port',
  );
  if (blocked)
    throw new UsageError(
      `--${flag} ${port}: browsers and fetch refuse to connect to that port (the Fetch standard's port blocking); choose another\n${usage}`,
    );
}
