/**
 * `npm run workflow -- <scenario.json> [--json] [--review-timeout <s>]`
 * Runs one scenario through the real handlers and state machine on the embedded stack.
 * With --json, stdout is exactly one JSON object (DESIGN §5); logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, UsageError } from './options';
import { formatTrace } from './report';
import { startRuntime } from '../runtime';
import { readScenario, runScenario } from '../workflow/scenario';

const USAGE = 'usage: npm run workflow -- <events/workflow/scenario.json> [--json] [--review-timeout <seconds>]';

async function main(): Promise<number> {
  routeLogsToStderr();
  const options = parseWorkflowArgs(process.argv.slice(2), USAGE);
  const [file, ...extra] = options.files;
  if (!file || extra.length > 0) throw new UsageError(`Give exactly one scenario file\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`No such scenario file: ${file}`);
  const scenario = readScenario(file);

  progress('starting the embedded stack (DynamoDB Local, SNS/SQS emulator, state machine runner)…');
  const runtime = await startRuntime({
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
  });
  try {
    const result = await runScenario(runtime, file, scenario);
    if (options.json) {
      const { scenario: name, status, error, states, order, services, durationMs } = result;
      printResult(
        JSON.stringify({
          scenario: name,
          status,
          error,
          states,
          order,
          services,
          durationMs,
          cause: result.cause,
          transitions: result.transitions,
          lambdaInvocations: result.lambdaInvocations,
          http: result.http,
          expected: result.expected,
          asExpected: result.asExpected,
        }),
      );
    } else {
      printResult(formatTrace(result));
    }
    return 0;
  } finally {
    await runtime.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
