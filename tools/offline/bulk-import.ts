/**
 * A bulk import on a local system (`npm run import`, test/integration/import): uploads a JSON Lines
 * file to the imports bucket, runs the bulkImport state machine (workflows/bulk-import.asl.yml) on
 * it, waits for it to end, and reads each line's outcome back from the results its ResultWriter
 * wrote (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html).
 * Talks to the local endpoints with the AWS SDK only, so it works against `npm start` or an
 * embedded stack alike.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ServerlessConfig } from 'offline-aws/serverless/config';
import { loadWorkflowDefinition } from 'offline-aws/engine/definition';

/** The state machine and the bucket serverless.yml declares for imports. */
export const IMPORT_MACHINE = 'bulkImport';
export const IMPORTS_BUCKET_RESOURCE = 'ImportsBucket';

/** One line's outcome: placed now, placed before (same Idempotency-Key), or refused with the reason. */
export type LineOutcome =
  | { lineNumber: number; outcome: 'placed' | 'already-placed'; orderId: string; status: string }
  | { lineNumber: number; outcome: 'refused'; error: string; reason: string };

export interface ImportReport {
  /** The object the file was uploaded to. */
  source: { bucket: string; key: string };
  executionArn: string;
  /** The bulkImport execution's status: SUCCEEDED, or FAILED beyond the tolerated share of bad lines. */
  status: string;
  error?: string;
  cause?: string;
  /** The results manifest the ResultWriter wrote (`results/<map run id>/manifest.json`), when it did. */
  results?: { bucket: string; key: string };
  /** Per line, by line number (from 1). */
  lines: LineOutcome[];
}

export interface ImportEndpoints {
  s3: string;
  stepfunctions: string;
}

const LOCAL_CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** The imports bucket's name (its BucketName in serverless.yml). */
export function importsBucket(config: ServerlessConfig): string {
  const name = config.resources[IMPORTS_BUCKET_RESOURCE]?.Properties?.BucketName;
  if (typeof name !== 'string')
    throw new Error(`serverless.yml declares no ${IMPORTS_BUCKET_RESOURCE} with a BucketName`);
  return name;
}

interface ResultEntry {
  Input?: string;
  Output?: string;
  Error?: string;
  Cause?: string;
}

const parseJson = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
};

/** A Lambda error's Cause is `{"errorType","errorMessage",…}`: its message, else the Cause as it is. */
function reasonOf(cause: string | undefined): string {
  const parsed = parseJson(cause) as { errorMessage?: unknown } | undefined;
  return typeof parsed?.errorMessage === 'string' ? parsed.errorMessage : (cause ?? '');
}

/** A results file's entries as line outcomes (SUCCEEDED: the Task's output; FAILED: the input's line number, Error, Cause). */
export function lineOutcomes(succeeded: ResultEntry[], failed: ResultEntry[]): LineOutcome[] {
  const placed = succeeded.map((entry) => {
    const output = parseJson(entry.Output) as {
      lineNumber: number;
      orderId: string;
      status: string;
      outcome: 'placed' | 'already-placed';
    };
    return { lineNumber: output.lineNumber, outcome: output.outcome, orderId: output.orderId, status: output.status };
  });
  const refused = failed.map((entry) => {
    const input = parseJson(entry.Input) as { lineNumber?: number } | undefined;
    return {
      lineNumber: input?.lineNumber ?? 0,
      outcome: 'refused' as const,
      error: entry.Error ?? 'Unknown',
      reason: reasonOf(entry.Cause),
    };
  });
  return [...placed, ...refused].sort((a, b) => a.lineNumber - b.lineNumber);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Uploads `file` to `imports/<file name>` in the imports bucket, starts bulkImport on it and waits
 * (polling DescribeExecution every 250 ms, at most `timeoutMs`) for it to end, then reads the results.
 * @throws Error when the execution has not ended within `timeoutMs`, or S3 / Step Functions refuse a call.
 */
export async function runImport(
  config: ServerlessConfig,
  endpoints: ImportEndpoints,
  file: string,
  { timeoutMs = 300_000 }: { timeoutMs?: number } = {},
): Promise<ImportReport> {
  const s3 = new S3Client({ ...LOCAL_CLIENT, endpoint: endpoints.s3, forcePathStyle: true });
  const sfn = new SFNClient({ ...LOCAL_CLIENT, endpoint: endpoints.stepfunctions });
  try {
    const bucket = importsBucket(config);
    const key = `imports/${basename(file)}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
    const { stateMachineArn } = loadWorkflowDefinition(config, IMPORT_MACHINE);
    const { executionArn = '' } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ key }) }),
    );
    const deadline = Date.now() + timeoutMs;
    let execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    while (execution.status === 'RUNNING') {
      if (Date.now() > deadline)
        throw new Error(`The import ${executionArn} is still running after ${timeoutMs / 1000} s`);
      await sleep(250);
      execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    const results = await resultsManifest(sfn, executionArn, bucket, execution.output);
    const read = async (objectKey: string) =>
      (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }))).Body?.transformToString()) ?? '';
    const entries = async (files: { Key: string }[] | undefined) =>
      (await Promise.all((files ?? []).map(async (f) => JSON.parse(await read(f.Key)) as ResultEntry[]))).flat();
    let lines: LineOutcome[] = [];
    let found: { bucket: string; key: string } | undefined;
    if (results) {
      const manifest = parseJson(await read(results.key).catch(() => undefined)) as
        { ResultFiles?: { SUCCEEDED?: { Key: string }[]; FAILED?: { Key: string }[] } } | undefined;
      if (manifest) {
        found = results;
        lines = lineOutcomes(
          await entries(manifest.ResultFiles?.SUCCEEDED),
          await entries(manifest.ResultFiles?.FAILED),
        );
      }
    }
    return {
      source: { bucket, key },
      executionArn,
      status: execution.status ?? 'UNKNOWN',
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
      ...(found ? { results: found } : {}),
      lines,
    };
  } finally {
    s3.destroy();
    sfn.destroy();
  }
}

/**
 * Where the manifest is: the state's output names it when the import succeeded; when it failed
 * (beyond the tolerance) the ResultWriter still wrote it, under the Map Run's id (from MapRunStarted).
 */
async function resultsManifest(
  sfn: SFNClient,
  executionArn: string,
  bucket: string,
  output: string | undefined,
): Promise<{ bucket: string; key: string } | undefined> {
  const details = (parseJson(output) as { ResultWriterDetails?: { Bucket?: string; Key?: string } } | undefined)
    ?.ResultWriterDetails;
  if (details?.Bucket && details.Key) return { bucket: details.Bucket, key: details.Key };
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  const mapRunArn = events.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn;
  return mapRunArn ? { bucket, key: `results/${mapRunArn.split(':').pop() ?? ''}/manifest.json` } : undefined;
}

/** The report as text: one line per import line, then the totals and where the results are. */
export function formatImport(report: ImportReport): string {
  const rows = report.lines.map((line) =>
    line.outcome === 'refused'
      ? `line ${line.lineNumber}: refused (${line.error}) ${line.reason}`
      : `line ${line.lineNumber}: ${line.outcome === 'placed' ? 'placed' : 'already placed'} ${line.orderId} (${line.status})`,
  );
  const count = (outcome: LineOutcome['outcome']) => report.lines.filter((l) => l.outcome === outcome).length;
  const summary = `${count('placed')} placed, ${count('already-placed')} already placed, ${count('refused')} refused`;
  const status =
    report.status === 'SUCCEEDED'
      ? 'import SUCCEEDED'
      : `import ${report.status}: ${report.error ?? ''} ${report.cause ?? ''}`.trim();
  const where = report.results
    ? `results: s3://${report.results.bucket}/${report.results.key}`
    : 'results: none written';
  return [...rows, summary, status, where].join('\n');
}
