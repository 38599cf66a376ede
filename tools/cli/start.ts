/**
 * `npm start`: the system, running locally. Starts the embedded stack (DynamoDB Local, the SNS/SQS
 * emulator, the state machine runner, the local Step Functions and Lambda endpoints), the HTTP API
 * of serverless.yml with its local OpenID issuer (`--api-port` sets the API's port), the web console
 * (packages/offline-aws/src/console/; `--console-port` sets its port), writes
 * `.local/endpoints.json` once every endpoint answers (packages/offline-aws/src/endpoints/file.ts has its shape), places
 * the sample orders of events/workflow/ through the real workflow and prints their traces and the
 * summary table (not with `--no-demo`), then serves until SIGINT (Ctrl-C) or SIGTERM: then it
 * removes the file, aborts running executions, stops the servers and DynamoDB Local, and exits 0.
 * While it serves it watches the project (packages/offline-aws/src/watch/): an edit to a function's
 * code or to a state machine definition applies without a restart, reported in one line each
 * (`--no-watch` turns it off).
 *
 * Exit codes: 0 after a requested stop; 1 when a system already runs from this state directory
 * (nothing is started), when the stack cannot start, or when stopping failed or took longer than
 * STOP_DEADLINE_MS; 2 for bad arguments (a scenario file that cannot be read, and a `--data`
 * directory whose execution journal cannot be, included: nothing is created then). A sample
 * order ending unexpectedly is reported, and the system keeps serving: `npm run scenarios` is the
 * command that fails on it.
 *
 * package.json runs it as `node --import tsx …`, one process: the `tsx` command would put a parent
 * in front that SIGKILLs its child when the child is slow (30 ms) to acknowledge a Ctrl-C, which
 * can cut the graceful stop short on a busy machine.
 */
import { printResult, progress, routeLogsToStderr } from './output';
import { numberOption, parseWorkflowArgs, refuseBlockedPort, runCli, UsageError } from './options';
import { loadScenarios, printScenarioReport, runScenarios, type ScenarioFile } from './scenario-batch';
import { inspectEndpointsFile, runtimeEndpoints, waitForEndpoints } from 'offline-aws/endpoints/probes';
import { endpointsFilePath, stateDirectory, writeEndpointsFile, type Endpoints } from 'offline-aws/endpoints/file';
import { curlExample } from './curl-example';
import { startLocalApi, type LocalApi } from 'offline-aws/http-api/local-api';
import { startRuntime, type Runtime } from 'offline-aws/runtime';
import { dataDirectoryArgument } from './data-directory';
import { startConsole, type ConsoleServer } from 'offline-aws/console/server';
import { writeConsoleKey } from 'offline-aws/console/guard';
import { Lifecycle, type Stoppable } from './lifecycle';
import { describeWatchEvent } from 'offline-aws/watch/project-watch';

const USAGE =
  'usage: npm start [-- [--no-demo] [--no-watch] [--data <dir>] [scenario.json …] [--review-timeout <seconds>] [--api-port <port>] [--console-port <port>]]';
/** A stop that takes longer is forced (the exit hook of packages/offline-aws/src/dynamodb/dynamodb-local.ts kills the database). */

interface StartOptions {
  demo: boolean;
  /** Apply edits of code and definitions while serving (default; `--no-watch` turns it off). */
  watch: boolean;
  files: string[];
  reviewTimeoutSeconds: number;
  /** The HTTP API's port on 127.0.0.1; 0 picks a free one. */
  apiPort: number;
  /** The console's port on 127.0.0.1; 0 picks a free one. */
  consolePort: number;
  /** Keep the data here across restarts (`--data <dir>`); in memory without it. */
  data?: string;
}

/** `--data <dir>` / `--data=<dir>` taken out of argv. */
function takeData(argv: string[]): { data?: string; rest: string[] } {
  const rest: string[] = [];
  let data: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--data') {
      data = argv[i + 1];
      if (data === undefined || data.startsWith('--')) throw new UsageError(`--data needs a directory\n${USAGE}`);
      i += 1;
    } else if (arg.startsWith('--data=')) {
      // An empty value is refused where every --data path is checked (prepareDataDirectory).
      data = arg.slice('--data='.length);
    } else rest.push(arg);
  }
  return { ...(data === undefined ? {} : { data }), rest };
}

/** `--<name> <n>` / `--<name>=<n>` (a port) taken out of argv (the other options are the workflow CLIs'). */
function takePort(argv: string[], name: string): { port: number; rest: string[] } {
  const flag = `--${name}`;
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === flag) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a port number\n${USAGE}`);
      i += 1;
    } else if (arg.startsWith(`${flag}=`)) {
      value = arg.slice(flag.length + 1);
    } else {
      rest.push(arg);
    }
  }
  const rule = { min: 0, max: 65535, integer: true, expected: 'a port number from 0 (any free port) to 65535' };
  return { port: value === undefined ? 0 : numberOption(name, value, rule, USAGE), rest };
}

function parseStartArgs(args: string[]): StartOptions {
  const { port: apiPort, rest: afterApi } = takePort(args, 'api-port');
  const { port: consolePort, rest: afterConsole } = takePort(afterApi, 'console-port');
  const { data, rest: argv } = takeData(afterConsole);
  const demo = !argv.includes('--no-demo');
  const watch = !argv.includes('--no-watch');
  const options = parseWorkflowArgs(
    argv.filter((arg) => arg !== '--no-demo' && arg !== '--no-watch'),
    USAGE,
  );
  if (options.json) throw new UsageError(`--json is for the run-and-exit command: npm run scenarios -- --json`);
  if (options.fail.length > 0 || options.redrive) {
    throw new UsageError(`--fail and --redrive are for one scenario: npm run workflow -- <scenario.json> …`);
  }
  if (!demo && options.files.length > 0) throw new UsageError(`--no-demo runs no scenario files\n${USAGE}`);
  return {
    demo,
    watch,
    files: options.files,
    reviewTimeoutSeconds: options.reviewTimeoutSeconds,
    apiPort,
    consolePort,
    ...(data === undefined ? {} : { data: dataDirectoryArgument(data, USAGE) }),
  };
}

/** What a stop leaves behind: where the data stays, or that it goes, naming the orders in flight. */
function stopMessage(runtime: Runtime, data: string | undefined): string {
  const running = runtime.runner.listExecutions().filter((e) => e.type === 'STANDARD' && e.status === 'RUNNING');
  const names = running.map((e) => e.name).join(', ');
  if (data !== undefined) {
    return running.length === 0
      ? `stopping; the data stays in ${data}`
      : `stopping: ${running.length} execution(s) end ABORTED, and the rules on that event (the reconciler) act on them: ${names}; the data stays in ${data}`;
  }
  return (
    'stopping: the tables, queues and executions were in memory and are gone (npm start -- --data <dir> keeps them)' +
    (running.length === 0 ? '' : `; orders in flight, aborted: ${names}`)
  );
}

/** The lines a developer needs to reach the running system. */
function servingMessage(runtime: Runtime, endpoints: Endpoints, file: string, consoleUrl: string): string {
  const width = Math.max(...Object.keys(endpoints).map((name) => name.length)) + 2;
  const execution = runtime.runner.listExecutions()[0];
  const { region } = runtime.stack.config;
  // Two lines at most 200 characters each: the command, and the execution's ARN.
  const example = execution
    ? `aws --region ${region} --endpoint-url ${endpoints.stepfunctions} stepfunctions describe-execution \\\n` +
      `    --execution-arn ${execution.executionArn}`
    : `aws --region ${region} --endpoint-url ${endpoints.dynamodb} dynamodb list-tables`;
  return [
    '',
    `The system is running (pid ${process.pid}). Endpoints, also in ${file}:`,
    ...Object.entries(endpoints).map(([name, url]) => `  ${name.padEnd(width)}${url}`),
    `Console (every execution, drawn; actions on orders; the URL carries its key): ${consoleUrl}`,
    `State machine: ${runtime.runner.workflow.stateMachineArn}`,
    `Try (any credentials):`,
    `  ${example}`,
    `HTTP API ${endpoints.api} (tokens from the issuer ${endpoints.issuer}: npm run token -- --sub <id> [--reviewer]). Try:`,
    `  ${curlExample(endpoints.api ?? '')}`,
    `Stop with Ctrl-C (or kill ${process.pid}).`,
  ].join('\n');
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
  await refuseBlockedPort('api-port', options.apiPort, USAGE);
  await refuseBlockedPort('console-port', options.consolePort, USAGE);
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
  progress('starting the embedded stack (DynamoDB Local, SNS/SQS emulator, Step Functions and Lambda endpoints)…');
  const runtime = await startRuntime({
    ...(options.data === undefined ? {} : { data: options.data }),
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
    ...(options.watch ? { watch: { onEvent: (event) => progress(describeWatchEvent(event)) } } : {}),
  });
  if (options.watch)
    progress('watching the project: edits to code and definitions apply while it runs (--no-watch: off)');
  let localApi: LocalApi | undefined;
  let consoleServer: ConsoleServer | undefined;
  // The console stops first (nothing should read the runtime while it goes), then the API.
  const system: Stoppable = {
    async stop() {
      await consoleServer?.stop();
      await localApi?.stop();
      progress(stopMessage(runtime, options.data));
      await runtime.stop();
    },
  };
  lifecycle.started(system);
  // The supervisor: the one part that runs outside this process is DynamoDB Local.
  runtime.stack.dynamoDb.onUnexpectedExit?.((how) =>
    lifecycle.partDied(`DynamoDB Local (pid ${runtime.stack.dynamoDb.pid}) exited on its own (${how})`),
  );

  const serve = async (): Promise<number> => {
    try {
      localApi = await startLocalApi({
        config: runtime.stack.config,
        invoke: runtime.invoke,
        port: options.apiPort,
        print: (line) => runtime.log.print(line),
      });
    } catch (error) {
      // A port in use or an API the local server cannot serve: said in one line, nothing left running.
      progress((error as Error).message);
      await system.stop();
      return 1;
    }
    if (lifecycle.stopRequested) return lifecycle.stopped;
    const { issuer, endpoints: apiEndpoints } = localApi;
    try {
      consoleServer = await startConsole({
        runtime,
        port: options.consolePort,
        api: { url: apiEndpoints.api, mintToken: (request) => issuer.mintToken(request) },
      });
    } catch (error) {
      progress(`The console cannot start: ${(error as Error).message}`);
      await system.stop();
      return 1;
    }
    if (lifecycle.stopRequested) return lifecycle.stopped;
    const endpoints = { ...runtimeEndpoints(runtime), ...apiEndpoints, console: consoleServer.url };
    await waitForEndpoints(endpoints);
    if (lifecycle.stopRequested) return lifecycle.stopped;
    writeConsoleKey(directory, consoleServer.key);
    const file = writeEndpointsFile(directory, { pid: process.pid, endpoints });
    progress(`every endpoint answers; wrote ${file}`);
    if (options.demo) await runDemo(runtime, scenarios, lifecycle);
    if (lifecycle.stopRequested) return lifecycle.stopped;
    printResult(servingMessage(runtime, endpoints, file, consoleServer.openUrl));
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
    await system.stop();
    throw error;
  }
}

runCli(main);
