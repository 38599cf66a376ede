/**
 * What the engine's Distributed Map reader tests share: a one-Map machine with a Pass processor, an
 * s3:getObject reader of `$.Bucket` / `$.Key`, and a run on an in-memory S3 with its events.
 */
import type { MemoryS3 } from './memory-s3';
import { single, start, type Json } from './support';

export const PROCESSOR = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};
export const mapOf = (fields: object) => single({ Type: 'Map', ItemProcessor: PROCESSOR, ...fields, End: true });
export const getObject = (config: object = {}, extra: object = {}) => ({
  ItemReader: {
    Resource: 'arn:aws:states:::s3:getObject',
    ReaderConfig: config,
    Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' },
  },
  ...extra,
});
export const INPUT = { Bucket: 'bucket-name', Key: 'file' };

export async function execute(definition: object, s3: MemoryS3, input: Json = INPUT) {
  const started = start(definition, input, { s3 });
  const outcome = await started.outcome;
  const events = started.history.events.map(({ id: _id, previousEventId: _p, timestamp: _t, ...rest }) => rest);
  return { outcome, events, types: events.map((event) => event.type) };
}

/** The CSV files of the executions recorded on AWS. */
export const CSV =
  "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
export const CSV_4 = 'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n';
