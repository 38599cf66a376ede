/**
 * `npm run import -- <file.jsonl> [--json]`
 * Bulk order import, offline: uploads the JSON Lines file to the imports bucket, runs the bulkImport
 * state machine on it (a Distributed Map: one order per line, through the same path and the same
 * Idempotency-Key rule as POST /orders) and prints each line's outcome (placed, already placed,
 * refused with the reason), read back from the results the Map wrote to S3, and where they are.
 * Uses the running `npm start` (found through `.local/endpoints.json`), else starts an embedded
 * stack for this one import. With --json, stdout is exactly one JSON object (tools/offline/bulk-import.ts
 * ImportReport). Exit codes: 0 when the import succeeded (bad lines within the tolerated share),
 * 1 when it failed, 2 for bad arguments (no file, more than one, a missing file, a directory).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { stateDirectory } from 'offline-aws/endpoints/file';
import { inspectEndpointsFile } from 'offline-aws/endpoints/probes';
import { startRuntime, type RuntimeOptions } from 'offline-aws/runtime';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { formatImport, runImport, type ImportEndpoints, type ImportReport } from '../offline/bulk-import';
import { parseCliArgs, runCli, UsageError } from './options';
import { printResult, progress, routeLogsToStderr } from './output';

const USAGE = 'usage: npm run import -- <events/import/orders.jsonl> [--json]';

function parseImportArgs(argv: string[]): { file: string; json: boolean } {
  const { values, positionals } = parseCliArgs(argv, USAGE, {
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`Give exactly one JSON Lines file\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}\n${USAGE}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory: give a JSON Lines file\n${USAGE}`);
  if (!statSync(file).isFile()) throw new UsageError(`${file} is not a regular file: give a JSON Lines file\n${USAGE}`);
  checkJsonLinesText(file, readFileSync(file));
  return { file, json: values.json ?? false };
}

/**
 * What the Distributed Map's JSONL reader would refuse for the whole file, said before anything is
 * uploaded: a file with no line (nothing to import), and a UTF-8 byte order mark (its first line
 * would not parse: "Unexpected token '\uFEFF'", an invisible character).
 * @throws UsageError naming the file and what to do
 */
export function checkJsonLinesText(file: string, bytes: Buffer): void {
  if (bytes.toString('utf8').trim() === '') {
    throw new UsageError(`${file} is empty: a JSON Lines file has one order per line\n${USAGE}`);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new UsageError(
      `${file} starts with a byte order mark (BOM), which JSON Lines readers refuse: save it as UTF-8 without BOM`,
    );
  }
}

/**
 * The command, for `runCli`. Tests call it in-process: `argv` is what follows `npm run import --`,
 * and `stack` adds embedded stack options (their shared DynamoDB Local) when no system runs.
 */
export async function main(
  argv: string[] = process.argv.slice(2),
  stack: Pick<RuntimeOptions, 'dynamoDbEndpoint' | 'tableSuffix'> = {},
): Promise<number> {
  const restoreStdout = routeLogsToStderr();
  try {
    const { file, json } = parseImportArgs(argv);
    const report = await importOn(file, stack);
    printResult(json ? JSON.stringify(report) : formatImport(report));
    return report.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    restoreStdout();
  }
}

async function importOn(
  file: string,
  stack: Pick<RuntimeOptions, 'dynamoDbEndpoint' | 'tableSuffix'>,
): Promise<ImportReport> {
  const config = loadServerlessConfig();
  const running = await inspectEndpointsFile(stateDirectory());
  const { s3, stepfunctions } = running.state === 'live' ? running.file.endpoints : {};
  if (s3 !== undefined && stepfunctions !== undefined) {
    progress(`importing ${file} on the running system (pid ${running.state === 'live' ? running.file.pid : ''})…`);
    return runImport(config, { s3, stepfunctions }, file);
  }
  progress('no running system: starting the embedded stack (DynamoDB Local, S3/SNS/SQS emulator, state machines)…');
  const runtime = await startRuntime({ ...stack, shortLived: true });
  try {
    const endpoints: ImportEndpoints = { s3: runtime.messaging.endpoint, stepfunctions: runtime.sfn.url };
    return await runImport(config, endpoints, file);
  } finally {
    await runtime.stop();
  }
}

// Run only as a script (npm run import), not when a test imports main().
if (/import\.ts$/.test(process.argv[1] ?? '')) runCli(() => main());
