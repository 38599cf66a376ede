/**
 * offline-limits: what the engine cannot run is refused by name (at package time and at
 * CreateStateMachine) instead of run differently from AWS. A Distributed Map's ItemReader,
 * ItemBatcher and ResultWriter now run; what was never recorded on AWS is still refused.
 */
import type { JsonObject } from '../../src/engine/definition';
import { GAPS, offlineIssues, type OfflineGap } from '../../src/engine/offline-limits';

const DISTRIBUTED = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } };
const machine = (map: JsonObject, processor: JsonObject = DISTRIBUTED): JsonObject => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemProcessor: { ...processor, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      ...map,
      End: true,
    },
  },
});
const reader = (resource: string, config?: JsonObject): JsonObject => ({
  ItemReader: {
    Resource: resource,
    Parameters: { Bucket: 'b', Key: 'k' },
    ...(config ? { ReaderConfig: config } : {}),
  },
});
const fields = (definition: JsonObject) => offlineIssues(definition).map((issue) => [issue.path, issue.field]);

describe('offlineIssues', () => {
  it('refuses a gap of the list by name, at its field (the mechanism, with a made-up gap)', () => {
    const fake: OfflineGap = (state) => (state.Type === 'Pass' ? [{ field: 'Result', message: 'no Pass yet' }] : []);
    const issues = offlineIssues({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, End: true } } }, [fake]);
    expect(issues).toEqual([
      expect.objectContaining({ path: 'States.P', field: 'Result', message: 'no Pass yet', source: 'offline runtime' }),
    ]);
    expect(offlineIssues({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, [])).toEqual([]);
  });

  it('lets a Distributed Map read, batch and write through S3', () => {
    const definition = machine({
      ...reader('arn:aws:states:::s3:getObject', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }),
      ItemBatcher: { MaxItemsPerBatch: 2 },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
    });
    expect(offlineIssues(definition)).toEqual([]);
    expect(offlineIssues(machine(reader('arn:aws:states:::s3:listObjectsV2')))).toEqual([]);
    expect(GAPS.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'ItemReader on an INLINE Map',
      machine(reader('arn:aws:states:::s3:getObject'), { ProcessorConfig: { Mode: 'INLINE' } }),
      'ItemReader',
    ],
    [
      'ItemBatcher on a Map without ProcessorConfig',
      machine({ ItemBatcher: { MaxItemsPerBatch: 1 } }, {}),
      'ItemBatcher',
    ],
    [
      'JSONata Items with an ItemReader',
      machine({ ...reader('arn:aws:states:::s3:getObject'), Items: '{% [1] %}' }),
      'Items',
    ],
    ['an ItemReader of another Resource', machine(reader('arn:aws:states:::athena:getQueryResults')), 'ItemReader'],
    [
      'a listObjectsV2 reader reading the objects',
      machine(reader('arn:aws:states:::s3:listObjectsV2', { InputType: 'JSON' })),
      'ItemReader',
    ],
    ['an InputType PARQUET', machine(reader('arn:aws:states:::s3:getObject', { InputType: 'PARQUET' })), 'ItemReader'],
    [
      'a ResultWriter of another Resource',
      machine({ ResultWriter: { Resource: 'arn:aws:states:::s3:copyObject' } }),
      'ResultWriter',
    ],
  ])('refuses %s', (_name, definition, field) => {
    expect(fields(definition)).toEqual([['States.M', field]]);
  });
});
