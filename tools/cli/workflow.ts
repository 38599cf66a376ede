/**
 * `npm run workflow -- <scenario.json> [--json] [--review-timeout <s>] [--fail <spec>]... [--redrive]`
 * Runs one scenario through the real handlers and state machine on the embedded stack.
 * With --json, stdout is exactly one JSON object (fields: docs/testing.md, "Running one scenario and
 * reading its trace"); logs go to stderr.
 *
 * Exit codes: 0 when the run ended as the scenario expects (`asExpected`) and the redrive, if one
 * ran, finished every message; 1 when it did not (the output, trace or JSON, is printed all the
 * same, and one line on stderr says why), or when the stack cannot start; 2 for bad arguments (a
 * scenario file that is missing, not JSON or not a scenario, a `--fail` the order saga cannot hit).
 */
import { existsSync } from 'node:fs';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, runCli, UsageError } from './options';
import { formatTrace } from './report';
import { startRuntime, type RuntimeOptions } from 'offline-aws/runtime';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import type { WorkflowDefinition } from 'offline-aws/engine/definition';
import { parseFaultSpec, type FaultSpec } from 'offline-aws/engine/faults';
import { sagaAndOtherMachines } from '../offline/saga-machines';
import { runScenario } from '../offline/scenario';
import { readScenario, type ScenarioResult } from '../offline/scenario-file';

const USAGE = [
  'usage: npm run workflow -- <events/workflow/scenario.json> [--json] [--review-timeout <seconds>]',
  '                           [--fail <state|function>:<transient|permanent|timeout|after:<Error>>[:<times>]]...',
  '                           [--redrive]',
].join('\n');

/** A machine's Task states as fault targets: state name → the function it calls (or its integration). */
const taskTargets = (machines: WorkflowDefinition[]) =>
  new Map(
    machines
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

/**
 * `--fail` values, checked against the Task states of the order saga's state machines (the parent
 * and its Express children: a fault reaches a child's state by its name) and the functions they
 * call. A state or function of another state machine (bulkImport's PlaceOrder, importOrder) is
 * refused: an order scenario never runs it, so the fault would never fire.
 * @throws UsageError naming the value, what is wrong and the valid targets
 */
export function parseFaults(values: string[], usage: string, config = loadServerlessConfig()): FaultSpec[] {
  if (values.length === 0) return [];
  const { saga, others } = sagaAndOtherMachines(config);
  const states = taskTargets(saga);
  const hits = (targets: ReturnType<typeof taskTargets>, target: string) =>
    [...targets].some(([state, site]) => state === target || site.functionName === target);
  // The state machine a target of no saga machine belongs to, for the message.
  const elsewhere = (target: string) =>
    hits(states, target) ? undefined : others.find((machine) => hits(taskTargets([machine]), target));
  const faults: FaultSpec[] = [];
  for (const value of values) {
    let fault: FaultSpec;
    try {
      fault = parseFaultSpec(value, { states });
    } catch (error) {
      const target = value.split(':')[0] ?? '';
      const machine = elsewhere(target);
      const note = machine
        ? ` ("${target}" belongs to the ${machine.name} state machine, which an order scenario does not run)`
        : '';
      throw new UsageError(`${(error as Error).message}${note}\n${usage}`);
    }
    // The runner takes one fault per target (FaultInjector): refused here, before the stack starts.
    if (faults.some((f) => f.target === fault.target)) {
      throw new UsageError(`--fail "${value}": more than one --fail for ${fault.target}; give one\n${usage}`);
    }
    faults.push(fault);
  }
  return faults;
}

/**
 * The exit code of a run: 0 when it ended as its scenario expects and the redrive, if one ran, left
 * nothing in the queue; 1 otherwise, with the reason (for stderr).
 */
export function runOutcome(result: Pick<ScenarioResult, 'asExpected' | 'redrive'>): { code: 0 | 1; reason?: string } {
  const reasons = [
    ...(result.asExpected ? [] : ['the run did not end as the scenario expects (asExpected: false)']),
    ...(result.redrive && result.redrive.failed.length > 0
      ? [`the redrive left ${result.redrive.failed.length} message(s) in the dead-letter queue`]
      : []),
  ];
  return reasons.length === 0 ? { code: 0 } : { code: 1, reason: reasons.join('; ') };
}

/**
 * The command, for `runCli` (exit code 0 or 1, runOutcome; or the error it throws). Tests call it
 * in-process: `argv` is what follows `npm run workflow --`, and `stack` adds embedded stack options
 * (their shared DynamoDB Local).
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
  const faults = parseFaults(options.fail, USAGE);

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
    const outcome = runOutcome(result);
    if (outcome.reason) progress(`exit 1: ${outcome.reason}`);
    return outcome.code;
  } finally {
    await runtime.stop();
  }
}

// Run only as a script (npm run workflow), not when a test imports main().
if (/workflow\.ts$/.test(process.argv[1] ?? '')) runCli(() => main());
