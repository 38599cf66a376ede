/**
 * `npm start`: the system, running locally. Starts the embedded stack (DynamoDB Local, the SNS/SQS
 * emulator, the state machine runner and its local Step Functions endpoint), writes
 * `.local/endpoints.json` once every endpoint answers (local/endpoints.ts has its shape), places
 * the sample orders of events/workflow/ through the real workflow and prints their traces and the
 * summary table (not with `--no-demo`), then serves until SIGINT (Ctrl-C) or SIGTERM: then it
 * removes the file, aborts running executions, stops the servers and DynamoDB Local, and exits 0.
 *
 * Exit codes: 0 after a requested stop; 1 when a system already runs from this state directory
 * (nothing is started), when the stack cannot start, or when stopping failed or took longer than
 * STOP_DEADLINE_MS; 2 for bad arguments. A sample order ending unexpectedly is reported, and the
 * system keeps serving: `npm run scenarios` is the command that fails on it.
 *
 * package.json runs it as `node --import tsx …`, one process: the `tsx` command would put a parent
 * in front that SIGKILLs its child when the child is slow (30 ms) to acknowledge a Ctrl-C, which
 * can cut the graceful stop short on a busy machine.
 */
import { printResult, progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, runCli, UsageError } from './options';
import { loadScenarios, printScenarioReport, runScenarios, type ScenarioFile } from './scenario-batch';
import { inspectEndpointsFile, runtimeEndpoints, waitForEndpoints } from '../../local/endpoint-probes';
import {
  endpointsFilePath,
  removeEndpointsFile,
  stateDirectory,
  writeEndpointsFile,
  type Endpoints,
} from '../../local/endpoints';
import { startRuntime, type Runtime } from '../../local/runtime';

const USAGE = 'usage: npm start [-- [--no-demo] [scenario.json …] [--review-timeout <seconds>]]';
/** A stop that takes longer is forced (the exit hook of local/dynamodb-local.ts kills the database). */
const STOP_DEADLINE_MS = 10_000;
const PARENT_CHECK_MS = 1000;

interface StartOptions {
  demo: boolean;
  files: string[];
  reviewTimeoutSeconds: number;
}

function parseStartArgs(argv: string[]): StartOptions {
  const demo = !argv.includes('--no-demo');
  const options = parseWorkflowArgs(
    argv.filter((arg) => arg !== '--no-demo'),
    USAGE,
  );
  if (options.json) throw new UsageError(`--json is for the run-and-exit command: npm run scenarios -- --json`);
  if (options.fail.length > 0 || options.redrive) {
    throw new UsageError(`--fail and --redrive are for one scenario: npm run workflow -- <scenario.json> …`);
  }
  if (!demo && options.files.length > 0) throw new UsageError(`--no-demo runs no scenario files\n${USAGE}`);
  return { demo, files: options.files, reviewTimeoutSeconds: options.reviewTimeoutSeconds };
}

/** The lines a developer needs to reach the running system. */
function servingMessage(runtime: Runtime, endpoints: Endpoints, file: string): string {
  const width = Math.max(...Object.keys(endpoints).map((name) => name.length)) + 2;
  const execution = runtime.runner.listExecutions()[0];
  const { region } = runtime.stack.config;
  const example = execution
    ? `aws --region ${region} --endpoint-url ${endpoints.stepfunctions} stepfunctions describe-execution --execution-arn ${execution.executionArn}`
    : `aws --region ${region} --endpoint-url ${endpoints.dynamodb} dynamodb list-tables`;
  return [
    '',
    `The system is running (pid ${process.pid}). Endpoints, also in ${file}:`,
    ...Object.entries(endpoints).map(([name, url]) => `  ${name.padEnd(width)}${url}`),
    `State machine: ${runtime.runner.workflow.stateMachineArn}`,
    `Try (any credentials): ${example}`,
    `Stop with Ctrl-C (or kill ${process.pid}).`,
  ].join('\n');
}

/**
 * Stops on the first SIGINT or SIGTERM, or when the parent process is gone; later signals (a
 * terminal's Ctrl-C reaches npm, its shell and this process alike, and npm forwards it again) only
 * say that the stop is under way. Before the runtime exists there is nothing to stop gracefully:
 * the process exits at once, and DynamoDB Local goes with it (its exit hook).
 */
class Lifecycle {
  private runtime: Runtime | undefined;
  private stopping: Promise<number> | undefined;
  readonly stopped: Promise<number>;

  constructor(private readonly directory: string) {
    let resolveStopped: (code: number) => void = () => undefined;
    this.stopped = new Promise((resolve) => (resolveStopped = resolve));
    const onSignal = (reason: string) => {
      if (this.stopping) {
        progress(`${reason}: already stopping…`);
        return;
      }
      progress(`\n${reason}: stopping the system…`);
      if (!this.runtime) process.exit(0);
      this.stopping = this.stop(this.runtime);
      void this.stopping.then(resolveStopped);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The system never outlives what launched it: a SIGTERM sent to npm reaches its shell, which
    // ends without passing it on (dash), and this process is re-parented. Checked every second.
    const parent = process.ppid;
    const watchdog = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watchdog);
      onSignal(`parent process ${parent} is gone`);
    }, PARENT_CHECK_MS).unref();
    // However this process ends, its file goes (a crash must not leave a "running" system behind).
    process.on('exit', () => removeEndpointsFile(directory, process.pid));
  }

  get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  started(runtime: Runtime): void {
    this.runtime = runtime;
  }

  /** The file first (nobody should find a stopping system), then the runtime, within the deadline. */
  private async stop(runtime: Runtime): Promise<number> {
    removeEndpointsFile(this.directory, process.pid);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_DEADLINE_MS);
    });
    try {
      if ((await Promise.race([runtime.stop().then(() => 'done' as const), deadline])) === 'late') {
        progress(`the system did not stop within ${STOP_DEADLINE_MS / 1000} s: forcing it`);
        return 1;
      }
      progress('stopped.');
      return 0;
    } catch (error) {
      progress(`stopping failed: ${String((error as Error).stack ?? error)}`);
      return 1;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Places the sample orders once and reports them; an unexpected ending is said, and serving goes on. */
async function runDemo(runtime: Runtime, scenarios: ScenarioFile[], lifecycle: Lifecycle): Promise<void> {
  const started = Date.now();
  progress(`placing ${scenarios.length} sample orders…`);
  try {
    const results = await runScenarios(runtime, scenarios);
    if (lifecycle.stopRequested) return;
    const unexpected = printScenarioReport(results, started, false);
    if (unexpected > 0) {
      printResult(
        `⚠ ${unexpected} sample order(s) ended unexpectedly (marked UNEXPECTED above); the system keeps running.`,
      );
    }
  } catch (error) {
    if (lifecycle.stopRequested) return;
    printResult(`⚠ the sample orders could not run: ${(error as Error).message}; the system keeps running.`);
  }
}

async function main(): Promise<number> {
  routeLogsToStderr();
  const options = parseStartArgs(process.argv.slice(2));
  const scenarios = options.demo ? loadScenarios(options.files) : [];
  const directory = stateDirectory();

  const existing = await inspectEndpointsFile(directory);
  if (existing.state === 'live') {
    progress(
      `The system is already running (pid ${existing.file.pid}); its endpoints are in ${endpointsFilePath(directory)}.\n` +
        `Use it, or stop it first (Ctrl-C in its terminal, or kill ${existing.file.pid}).`,
    );
    return 1;
  }
  if (existing.state === 'stale') progress(`replacing a stale endpoints file: ${existing.reason}`);

  const lifecycle = new Lifecycle(directory);
  progress('starting the embedded stack (DynamoDB Local, SNS/SQS emulator, Step Functions endpoint)…');
  const runtime = await startRuntime({
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
  });
  lifecycle.started(runtime);

  const serve = async (): Promise<number> => {
    const endpoints = runtimeEndpoints(runtime);
    await waitForEndpoints(endpoints);
    if (lifecycle.stopRequested) return lifecycle.stopped;
    const file = writeEndpointsFile(directory, { pid: process.pid, endpoints });
    progress(`every endpoint answers; wrote ${file}`);
    if (options.demo) await runDemo(runtime, scenarios, lifecycle);
    if (lifecycle.stopRequested) return lifecycle.stopped;
    printResult(servingMessage(runtime, endpoints, file));
    runtime.runner.onEvent((event) => {
      if (event.type === 'ExecutionEnded') {
        progress(`execution ${event.execution.name}: ${event.execution.status}`);
      }
    });
    return lifecycle.stopped;
  };
  try {
    return await Promise.race([serve(), lifecycle.stopped]);
  } catch (error) {
    if (lifecycle.stopRequested) return lifecycle.stopped;
    await runtime.stop();
    throw error;
  }
}

runCli(main);
