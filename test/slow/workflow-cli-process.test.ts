/**
 * `npm run workflow -- <scenario> --json` as a process, as a user runs it (`npm run test:slow`: the
 * process starts its own stack, DynamoDB Local included): exactly one JSON object on stdout, the
 * stack's lines on stderr, the handlers' logs in their files. The same run in-process, and the bad
 * arguments, are test/integration/cli/workflow-cli.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../support/processes';
import { DECLINED_RUN, expectDeclinedReport } from '../integration/cli/workflow-report';

it(
  'prints one JSON object with the documented fields first, the injected faults in it, logs on stderr (as a process)',
  () => {
    const run = spawnSync('npm', ['run', '--silent', 'workflow', '--', ...DECLINED_RUN], {
      encoding: 'utf8',
      timeout: PROCESS_TIMEOUT_MS,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO' },
    });
    if (run.status !== 0) throw new Error(`exit ${String(run.status ?? run.signal)}\n${run.stderr}`);
    expectDeclinedReport(JSON.parse(run.stdout) as Record<string, unknown>, run.stderr);
  },
  PROCESS_TEST_TIMEOUT_MS,
);
