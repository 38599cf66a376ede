/**
 * A Distributed Map's ResultWriter (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html):
 * the child executions' results, formatted by WriterConfig (Transformation NONE, COMPACT or FLATTEN;
 * OutputType JSON or JSONL) and, with `Resource: arn:aws:states:::s3:putObject`, exported to
 * `<Prefix>/<map run id>/`: SUCCEEDED_n / FAILED_n / PENDING_n files and a manifest.json naming them.
 * The state's result is then `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`, Key the manifest's
 * (recorded on AWS: "mapJobs/<map run id>/manifest.json" for Prefix "mapJobs").
 */
import { StateError } from '../errors';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import type { StateRun } from '../interpreter/state-run';
import { blockArguments, stringArgument } from './arguments';
import { S3CallError, type S3Access } from './s3-access';

export const PUT_OBJECT = 'arn:aws:states:::s3:putObject';

export interface WriterPlan {
  /** Where to export; absent: the formatted results are the state's result (WriterConfig alone). */
  bucket?: string;
  prefix: string;
  transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
  outputType: 'JSON' | 'JSONL';
}

/** One child execution of the Map Run, as the writer reports it. */
export interface ChildRecord {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  input: Json;
  startDate: Date;
  stopDate: Date;
  status: 'SUCCEEDED' | 'FAILED';
  output?: Json;
  error?: string;
  cause?: string;
}

const asObject = (value: Json | undefined): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};

/**
 * The writer's destination and format.
 * @throws StateError States.Runtime for a Bucket or Prefix of the wrong type.
 */
export async function planWriter(
  run: StateRun,
  scope: EvaluationScope,
  effective: Json,
  writer: JsonObject,
): Promise<WriterPlan> {
  const config = asObject(writer.WriterConfig);
  const exported = writer.Resource !== undefined;
  const args = exported ? await blockArguments(run, scope, effective, writer, 'ResultWriter') : {};
  const transformation = config.Transformation ?? (exported ? 'NONE' : 'COMPACT');
  return {
    ...(exported ? { bucket: stringArgument(args, 'Bucket', 'ResultWriter', true) } : {}),
    prefix: stringArgument(args, 'Prefix', 'ResultWriter', false) ?? '',
    transformation: transformation === 'FLATTEN' || transformation === 'NONE' ? transformation : 'COMPACT',
    outputType: config.OutputType === 'JSONL' ? 'JSONL' : 'JSON',
  };
}

/** A child's result with its metadata, as NONE reports it (and every transformation reports a failed child). */
function described(record: ChildRecord): JsonObject {
  const succeeded = record.status === 'SUCCEEDED';
  return {
    ExecutionArn: record.executionArn,
    Input: JSON.stringify(record.input),
    InputDetails: { Included: true },
    Name: record.name,
    ...(succeeded
      ? { Output: JSON.stringify(record.output ?? null), OutputDetails: { Included: true } }
      : { Error: record.error ?? '', Cause: record.cause ?? '' }),
    RedriveCount: 0,
    RedriveStatus: succeeded ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(succeeded ? { RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' } : {}),
    StartDate: record.startDate.toISOString(),
    StateMachineArn: record.stateMachineArn,
    Status: record.status,
    StopDate: record.stopDate.toISOString(),
  };
}

/** The records as the transformation reports them. */
export function transformed(records: ChildRecord[], transformation: WriterPlan['transformation']): Json[] {
  if (transformation === 'NONE') return records.map(described);
  return records.flatMap((record): Json[] => {
    if (record.status !== 'SUCCEEDED') return [described(record)];
    const output = record.output ?? null;
    return transformation === 'FLATTEN' && Array.isArray(output) ? output : [output];
  });
}

const serialised = (items: Json[], outputType: WriterPlan['outputType']): string =>
  outputType === 'JSONL' ? items.map((item) => `${JSON.stringify(item)}\n`).join('') : JSON.stringify(items);

/**
 * Formats the results and, when exporting, writes them and the manifest.
 * @param mapRunArn the Map Run's ARN; its last part (after the last ':') names the run's folder.
 * @returns the state's result: the ResultWriterDetails, or the formatted results.
 * @throws StateError States.ResultWriterFailed with S3's message when a write fails.
 */
export async function writeResults(
  plan: WriterPlan,
  records: ChildRecord[],
  mapRunArn: string,
  s3: S3Access | undefined,
): Promise<Json> {
  if (plan.bucket === undefined) return transformed(records, plan.transformation);
  const bucket = plan.bucket;
  if (!s3)
    throw new StateError(
      'States.ResultWriterFailed',
      'The offline runtime has no S3 endpoint to write to (start the local stack)',
    );
  const prefix = plan.prefix === '' || plan.prefix.endsWith('/') ? plan.prefix : `${plan.prefix}/`;
  const folder = `${prefix}${mapRunArn.split(':').pop() ?? ''}/`;
  const extension = plan.outputType === 'JSONL' ? 'jsonl' : 'json';
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', JsonObject[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  try {
    for (const status of ['SUCCEEDED', 'FAILED'] as const) {
      const ofStatus = records.filter((record) => record.status === status);
      if (ofStatus.length === 0) continue;
      const body = serialised(transformed(ofStatus, plan.transformation), plan.outputType);
      const key = `${folder}${status}_0.${extension}`;
      await s3.putObject(bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body, 'utf8') });
    }
    const manifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files };
    const key = `${folder}manifest.json`;
    await s3.putObject(bucket, key, JSON.stringify(manifest));
    return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: key } };
  } catch (error) {
    if (error instanceof S3CallError) throw new StateError('States.ResultWriterFailed', error.message);
    throw error;
  }
}
