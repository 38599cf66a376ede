/**
 * A Distributed Map reading its items from S3 and writing its results there, run by the offline
 * engine with an in-memory S3 (no stack: the engine gets S3 through its host).
 *
 * AWS: "ItemReader (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
 * "ItemBatcher (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html,
 * "ResultWriter (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html,
 * "Distributed Map state" https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html.
 * Histories, outputs and causes marked "recorded on AWS" are those of executions recorded on AWS
 * (the LocalStack project's snapshot tests of these features, recorded against AWS in 2023).
 */
import { MemoryS3 } from './memory-s3';
import { CSV_4, INPUT, PROCESSOR, execute, getObject, mapOf } from './distributed-support';
import type { Json } from './support';

describe('ItemReader s3:getObject (input-output-itemreader.html)', () => {
  it('JSON: the array is the items; the state starts with length 0, the Map Run reads them (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', JSON.stringify([{ verdict: 'true' }, { verdict: 'false' }, { verdict: 'mostly' }]));
    const { outcome, types, events } = await execute(mapOf(getObject({ InputType: 'JSON' })), s3);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [{ verdict: 'true' }, { verdict: 'false' }, { verdict: 'mostly' }],
    });
    expect(types).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]).toEqual({ type: 'MapStateStarted', mapStateStartedEventDetails: { length: 0 } });
  });

  it('JSON that is not an array: States.ItemReaderFailed "Attempting to map over non-iterable node." in MapRunFailed (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', '{"a": 1}');
    const { outcome, types, events } = await execute(mapOf(getObject({ InputType: 'JSON' })), s3);
    const failure = { error: 'States.ItemReaderFailed', cause: 'Attempting to map over non-iterable node.' };
    expect(outcome).toEqual({ status: 'FAILED', ...failure });
    expect(types.slice(3)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(events[4]).toEqual({ type: 'MapRunFailed', mapRunFailedEventDetails: failure });
  });

  it("a missing object: States.ItemReaderFailed with S3's message, which a Catcher catches", async () => {
    const s3 = new MemoryS3('bucket-name');
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: PROCESSOR,
          ...getObject({ InputType: 'JSON' }),
          Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { outcome } = await execute(definition, s3);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { Error: 'States.ItemReaderFailed', Cause: 'The specified key does not exist.' },
    });
  });

  it.each(['$.from_previous', '$[0]', '$.no_such_path'])(
    "ItemsPath %p is ignored: the items are the reader's (recorded on AWS)",
    async (itemsPath) => {
      const s3 = new MemoryS3('bucket-name');
      s3.put('bucket-name', 'file', JSON.stringify([['from-bucket-item-0']]));
      const definition = mapOf(getObject({ InputType: 'JSON' }, { ItemsPath: itemsPath, MaxConcurrency: 1 }));
      const input = { ...INPUT, from_previous: ['from-previous-item-0'] };
      expect((await execute(definition, s3, input)).outcome).toEqual({
        status: 'SUCCEEDED',
        output: [['from-bucket-item-0']],
      });
    },
  );

  it('JSONL: one item per line, blank lines skipped', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', '{"n":1}\n\n{"n":2}\n"three"\n');
    const { outcome } = await execute(mapOf(getObject({ InputType: 'JSONL' })), s3);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [{ n: 1 }, { n: 2 }, 'three'] });
  });

  it.each([
    [2, 2],
    [0, 4],
    [100000001, 4],
  ])('MaxItemsPath %p reads %p items (recorded on AWS: 0 or above 100,000,000 reads them all)', async (max, count) => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV_4);
    const config = { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItemsPath: '$.MaxItems' };
    const { outcome } = await execute(mapOf(getObject(config)), s3, { ...INPUT, MaxItems: max });
    expect(outcome.status === 'SUCCEEDED' && (outcome.output as Json[]).length).toBe(count);
  });

  it('MaxItemsPath -1 fails the Map Run: States.ItemReaderFailed "field MaxItems must be positive" (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV_4);
    const config = { InputType: 'CSV', MaxItemsPath: '$.MaxItems' };
    const { outcome, types } = await execute(mapOf(getObject(config)), s3, { ...INPUT, MaxItems: -1 });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.ItemReaderFailed',
      cause: 'field MaxItems must be positive',
    });
    expect(types).toContain('MapRunFailed');
  });

  it('MaxItemsPath 1.5 fails the state before its Map Run with States.Runtime (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV_4);
    const config = { InputType: 'CSV', MaxItemsPath: '$.MaxItems' };
    const { outcome, types } = await execute(mapOf(getObject(config)), s3, { ...INPUT, MaxItems: 1.5 });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'S' (entered at the event id #2). " +
        'The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems',
    });
    expect(types).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
  });

  it('JSONata: Arguments and a JSONata MaxItems (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', JSON.stringify([1, 2, 3]));
    const definition = {
      QueryLanguage: 'JSONata',
      ...mapOf({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON', MaxItems: '{% $states.input.MaxItems %}' },
          Arguments: { Bucket: '{% $states.input.Bucket %}', Key: '{% $states.input.Key %}' },
        },
      }),
    };
    const { outcome } = await execute(definition, s3, { ...INPUT, MaxItems: 2 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [1, 2] });
  });

  it("MANIFEST: the rows of an S3 inventory report's gzip-compressed CSV files, keyed by its fileSchema", async () => {
    const s3 = new MemoryS3('bucket-name', 'inventory');
    s3.put('inventory', 'data/a.csv.gz', '"src","a.txt","12"\n"src","b.txt","7"\n', true);
    s3.put(
      'bucket-name',
      'file',
      JSON.stringify({
        destinationBucket: 'arn:aws:s3:::inventory',
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size',
        files: [{ key: 'data/a.csv.gz', size: 40, MD5checksum: 'x' }],
      }),
    );
    const { outcome } = await execute(mapOf(getObject({ InputType: 'MANIFEST' })), s3);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { Bucket: 'src', Key: 'a.txt', Size: '12' },
        { Bucket: 'src', Key: 'b.txt', Size: '7' },
      ],
    });
  });
});

describe('ItemReader s3:listObjectsV2 (input-output-itemreader.html)', () => {
  it('each object is an item {Etag, Key, LastModified, Size, StorageClass}, under the Prefix', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'in/a.txt', 'hello world!');
    s3.put('bucket-name', 'in/b.txt', 'hi');
    s3.put('bucket-name', 'other.txt', 'no');
    const definition = mapOf({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:listObjectsV2',
        Parameters: { 'Bucket.$': '$.Bucket', Prefix: 'in/' },
      },
    });
    const { outcome } = await execute(definition, s3);
    expect(outcome.status).toBe('SUCCEEDED');
    const output = (outcome as { output: Json[] }).output;
    expect(output.map((item) => Object.keys(item as object))).toEqual([
      ['Etag', 'Key', 'LastModified', 'Size', 'StorageClass'],
      ['Etag', 'Key', 'LastModified', 'Size', 'StorageClass'],
    ]);
    expect(output[0]).toMatchObject({
      Key: 'in/a.txt',
      Size: 12,
      StorageClass: 'STANDARD',
      Etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    expect(output[1]).toMatchObject({ Key: 'in/b.txt', Size: 2, LastModified: expect.any(Number) });
  });
});
