/**
 * `npm run workflow -- <scenario.json> [--json] [--review-timeout <s>] [--fail <spec>]... [--redrive]`
 * Runs one scenario through the real handlers and state machine on the embedded stack.
 * With --json, stdout is exactly one JSON object (fields: docs/testing.md, "Running one scenario and
 * reading its trace"); logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, runCli, UsageError } from './options';
import { formatTrace } from './report';
import { startRuntime, type RuntimeOptions } from 'offline-aws/runtime';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { loadProjectWorkflows } from 'offline-aws/engine/definition';
import { parseFaultSpec } from 'offline-aws/engine/faults';
import { runScenario } from '../offline/scenario';
import { readScenario } from '../offline/scenario-file';

const USAGE = [
  'usage: npm run workflow -- <events/workflow/scenario.json> [--json] [--review-timeout <seconds>]',
  '                           [--fail <state|function>:<transient|permanent|timeout|after:<Error>>[:<times>]]...',
  '                           [--redrive]',
].join('\n');

/**
 * `--fail` values, checked against the Task states of the state machines (the saga and its Express
 * children: a fault reaches a child's state by its name) and the functions they call.
 */
function parseFaults(values: string[]) {
  if (values.length === 0) return [];
  const config = loadServerlessConfig();
  const states = new Map(
    loadProjectWorkflows(config)
      .flatMap((machine) => [...machine.states.values()])
      .flatMap((state) =>
        state.target
          ? [
              [
                state.name,
                state.target.kind === 'lambda'
                  ? { functionName: state.target.functionName, kind: state.target.kind }
                  : { kind: state.target.kind },
              ] as const,
            ]
          : [],
      ),
  );
  try {
    return values.map((value) => parseFaultSpec(value, { states }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/**
 * The command, for `runCli` (exit code 0, or the error it throws). Tests call it in-process: `argv`
 * is what follows `npm run workflow --`, and `stack` adds embedded stack options (their shared
 * DynamoDB Local).
 */
export async function main(
  argv: string[] = process.argv.slice(2),
  stack: Pick<RuntimeOptions, 'dynamoDbEndpoint' | 'tableSuffix'> = {},
): Promise<number> {
  const restoreStdout = routeLogsToStderr();
  try {
    return await run(argv, stack);
  } finally {
    restoreStdout();
  }
}

async function run(argv: string[], stack: Pick<RuntimeOptions, 'dynamoDbEndpoint' | 'tableSuffix'>): Promise<number> {
  const options = parseWorkflowArgs(argv, USAGE);
  const [file, ...extra] = options.files;
  if (!file || extra.length > 0) throw new UsageError(`Give exactly one scenario file\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`No such scenario file: ${file}`);
  const scenario = readScenario(file);
  const faults = parseFaults(options.fail);

  progress('starting the embedded stack (DynamoDB Local, SNS/SQS emulator, state machine runner)…');
  const runtime = await startRuntime({
    ...stack,
    // One scenario: DynamoDB Local's JVM compiles with C1 only (packages/offline-aws/src/dynamodb/dynamodb-local.ts).
    shortLived: true,
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
    faults,
  });
  try {
    const result = await runScenario(runtime, file, scenario, { redrive: options.redrive });
    if (options.json) {
      // The fields docs/testing.md documents first; the rest adds detail (cause, HTTP answers, faults, consistency).
      const { scenario: name, status, error, states, order, services, durationMs, ...detail } = result;
      const faults = Object.fromEntries(runtime.faults.injected);
      printResult(
        JSON.stringify({ scenario: name, status, error, states, order, services, durationMs, ...detail, faults }),
      );
    } else {
      printResult(formatTrace(result));
    }
    return 0;
  } finally {
    await runtime.stop();
  }
}

// Run only as a script (npm run workflow), not when a test imports main().
if (/workflow\.ts$/.test(process.argv[1] ?? '')) runCli(() => main());
