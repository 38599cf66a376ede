/**
 * A Distributed Map's ItemReader (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html):
 * the items come from S3 — one object read as JSON, JSON Lines, CSV or an S3 inventory MANIFEST
 * (`arn:aws:states:::s3:getObject`), or the bucket's object list (`arn:aws:states:::s3:listObjectsV2`).
 *
 * Its settings are read before the Map Run starts (recorded on AWS: a MaxItemsPath that is no integer
 * fails the state with States.Runtime before MapRunStarted); the reading itself happens in the Map
 * Run, where every failure is States.ItemReaderFailed (recorded on AWS: MapRunFailed with its error
 * and cause, e.g. "CSV headers cannot contain duplicates.").
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { StateError } from '../errors';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import { fieldValue } from '../interpreter/map-settings';
import type { StateRun } from '../interpreter/state-run';
import { blockArguments, stringArgument } from './arguments';
import { S3CallError, type S3Access } from './s3-access';

export const GET_OBJECT = 'arn:aws:states:::s3:getObject';
export const LIST_OBJECTS_V2 = 'arn:aws:states:::s3:listObjectsV2';

/** MaxItems' ceiling: a larger value reads every item (recorded on AWS: 100000001 read them all). */
const MAX_ITEMS_CEILING = 100_000_000;

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/** What the reader will do, as evaluated when the Map state starts. */
export interface ReaderPlan {
  resource: string;
  bucket: string;
  key?: string;
  prefix?: string;
  versionId?: string;
  config: JsonObject;
  /** 0: no limit; negative values fail the Map Run (recorded on AWS). */
  maxItems: number;
}

const failed = (cause: string) => new StateError('States.ItemReaderFailed', cause);
const asObject = (value: Json | undefined): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};

/**
 * Evaluates the reader's arguments and MaxItems / MaxItemsPath.
 * @throws StateError States.Runtime for an argument or MaxItems of the wrong type.
 */
export async function planItemReader(
  run: StateRun,
  scope: EvaluationScope,
  effective: Json,
  reader: JsonObject,
): Promise<ReaderPlan> {
  const config = asObject(reader.ReaderConfig);
  const maxItems = (await fieldValue(run, { ...scope, input: effective }, 'MaxItems', 'integer', config)) ?? 0;
  const args = await blockArguments(run, scope, effective, reader, 'ItemReader');
  const resource = String(reader.Resource);
  const getObject = resource === GET_OBJECT;
  return {
    resource,
    bucket: stringArgument(args, 'Bucket', 'ItemReader', true) ?? '',
    key: getObject ? stringArgument(args, 'Key', 'ItemReader', true) : undefined,
    versionId: getObject ? stringArgument(args, 'VersionId', 'ItemReader', false) : undefined,
    prefix: getObject ? undefined : stringArgument(args, 'Prefix', 'ItemReader', false),
    config,
    maxItems,
  };
}

/**
 * Reads the items.
 * @returns at most MaxItems items (all when 0 or above 100,000,000).
 * @throws StateError States.ItemReaderFailed with the cause (S3's error message for a failed call).
 */
export async function readItems(plan: ReaderPlan, s3: S3Access | undefined): Promise<Json[]> {
  if (plan.maxItems < 0) throw failed('field MaxItems must be positive');
  if (!s3) throw failed('The offline runtime has no S3 endpoint to read from (start the local stack)');
  const limit = plan.maxItems === 0 || plan.maxItems > MAX_ITEMS_CEILING ? Infinity : plan.maxItems;
  try {
    if (plan.resource === LIST_OBJECTS_V2) {
      return (await s3.listObjectsV2(plan.bucket, plan.prefix)).slice(0, limit).map((object) => ({ ...object }));
    }
    const inputType = typeof plan.config.InputType === 'string' ? plan.config.InputType : 'JSON';
    const body = await s3.getObject(plan.bucket, plan.key ?? '', { versionId: plan.versionId });
    switch (inputType) {
      case 'JSON':
        return jsonItems(body).slice(0, limit);
      case 'JSONL':
        return jsonLinesItems(body, limit);
      case 'CSV':
        return csvItems(body, plan.config, limit);
      case 'MANIFEST':
        return await manifestItems(body, s3, limit);
      default:
        throw failed(`The offline runtime cannot read ItemReader InputType ${inputType}`);
    }
  } catch (error) {
    if (error instanceof S3CallError) throw failed(error.message);
    throw error;
  }
}

/** A JSON array's elements (recorded on AWS: anything but an array is "Attempting to map over non-iterable node."). */
function jsonItems(body: string): Json[] {
  let value: Json;
  try {
    value = JSON.parse(body) as Json;
  } catch (error) {
    throw failed(`The object is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw failed('Attempting to map over non-iterable node.');
  return value;
}

/** One item per non-blank line, each a JSON value. */
function jsonLinesItems(body: string, limit: number): Json[] {
  const items: Json[] = [];
  const lines = body.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (items.length >= limit) break;
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line) as Json);
    } catch (error) {
      throw failed(`Line ${index + 1} of the object is not valid JSON: ${(error as Error).message}`);
    }
  }
  return items;
}

/**
 * Rows as objects keyed by the headers, every value a string (recorded on AWS: a missing field is
 * "", a field past the last header is dropped, duplicate headers fail the Map Run).
 */
export function csvItems(body: string, config: JsonObject, limit: number): Json[] {
  const delimiterName = typeof config.CSVDelimiter === 'string' ? config.CSVDelimiter : 'COMMA';
  const delimiter = DELIMITERS[delimiterName];
  if (delimiter === undefined) throw failed(`Unknown CSVDelimiter ${delimiterName}`);
  let rows: string[][];
  try {
    rows = parseCsv(body, { delimiter, relax_column_count: true, bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw failed(`The object is not valid CSV: ${(error as Error).message}`);
  }
  const given = config.CSVHeaderLocation === 'GIVEN';
  const headers = given
    ? (Array.isArray(config.CSVHeaders) ? config.CSVHeaders : []).map(String)
    : (rows.shift() ?? []);
  if (new Set(headers).size < headers.length) throw failed('CSV headers cannot contain duplicates.');
  return rows
    .slice(0, limit)
    .map((row) => Object.fromEntries(headers.map((header, index) => [header, row[index] ?? ''])));
}

/**
 * An S3 inventory report's manifest.json (https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html):
 * its CSV data files (gzip-compressed), read from its destination bucket, one item per row keyed by
 * the manifest's fileSchema.
 */
async function manifestItems(body: string, s3: S3Access, limit: number): Promise<Json[]> {
  let manifest: JsonObject;
  try {
    manifest = asObject(JSON.parse(body) as Json);
  } catch (error) {
    throw failed(`The manifest is not valid JSON: ${(error as Error).message}`);
  }
  if (manifest.fileFormat !== 'CSV') {
    throw failed(
      `The offline runtime reads CSV inventory reports only, not ${JSON.stringify(manifest.fileFormat ?? null)}`,
    );
  }
  const schema = String(manifest.fileSchema ?? '')
    .split(',')
    .map((name) => name.trim());
  const bucket = String(manifest.destinationBucket ?? '').replace(/^arn:aws[a-z-]*:s3:::/, '');
  const items: Json[] = [];
  for (const file of Array.isArray(manifest.files) ? manifest.files : []) {
    if (items.length >= limit) break;
    const text = await s3.getObject(bucket, String(asObject(file).key), { gunzip: true });
    const config: JsonObject = { CSVHeaderLocation: 'GIVEN', CSVHeaders: schema };
    items.push(...csvItems(text, config, limit - items.length));
  }
  return items;
}
