/**
 * S3 in the local stack and a Distributed Map reading from and writing to it, through
 * `@aws-sdk/client-sfn` and `@aws-sdk/client-s3` only, against the started fixture project
 * (sfn-client.ts; its serverless.yml declares the buckets DataBucket and ResultsBucket).
 *
 * AWS: "ItemReader (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
 * "ItemBatcher (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html,
 * "ResultWriter (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html,
 * "Distributed Map state" https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html,
 * AWS::S3::Bucket https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html.
 */
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runtimeEndpoints } from '../../src/endpoints/probes';
import { type Conformance, createMachine, history, start, startConformance, waitForEnd } from './sfn-client';

let c: Conformance;
let s3: S3Client;
const DATA = 'sfn-conformance-test-data';
const RESULTS = 'sfn-conformance-test-resultsbucket';

beforeAll(async () => {
  c = await startConformance();
  s3 = new S3Client({
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
    region: c.runtime.stack.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    forcePathStyle: true,
  });
}, 240_000);
afterAll(async () => {
  s3?.destroy();
  await c?.runtime.stop();
});

const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: DATA, Key: key, Body: body }));
const text = async (bucket: string, key: string) =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString() ?? '';

const PASS = { P: { Type: 'Pass', End: true } };
const distributed = (fields: object, states: object = PASS) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: Object.keys(states)[0],
        States: states,
      },
      ...fields,
      End: true,
    },
  },
});
const reading = (key: string, config: object, extra: object = {}) =>
  distributed({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: config,
      Parameters: { Bucket: DATA, Key: key },
    },
    ...extra,
  });

/** Runs `definition` on `input` to its end: DescribeExecution's status, output (parsed), error and cause. */
async function execute(definition: object, input: object = {}) {
  const executionArn = await start(c, await createMachine(c, definition), input);
  const ended = await waitForEnd(c, executionArn);
  return {
    executionArn,
    status: ended.status,
    output: ended.output === undefined ? undefined : (JSON.parse(ended.output) as unknown),
    error: ended.error,
    cause: ended.cause,
  };
}

describe('S3 in the local stack', () => {
  it('serves S3 on the messaging endpoint (path-style), listed as "s3" in the endpoints, with the buckets serverless.yml declares', async () => {
    expect(runtimeEndpoints(c.runtime).s3).toBe(c.runtime.messaging.endpoint.replace(/\/+$/, ''));
    expect(process.env.AWS_ENDPOINT_URL_S3).toBe(c.runtime.messaging.endpoint);
    const names = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name);
    // BucketName as given; without one, the stack name and the logical id in lower case.
    expect(names).toEqual(expect.arrayContaining([DATA, RESULTS]));
  });
});

describe('Distributed Map ItemReader', () => {
  it("s3:getObject JSON, JSONL and CSV: the object's items, each a child execution", async () => {
    await put('in/items.json', JSON.stringify([{ id: 1 }, { id: 2 }]));
    await put('in/items.jsonl', '{"id":1}\n{"id":2}\n');
    await put('in/items.csv', 'id,name\n1,one\n2,"t,wo"\n');
    expect(await execute(reading('in/items.json', { InputType: 'JSON' }))).toMatchObject({
      status: 'SUCCEEDED',
      output: [{ id: 1 }, { id: 2 }],
    });
    expect(await execute(reading('in/items.jsonl', { InputType: 'JSONL', MaxItems: 1 }))).toMatchObject({
      status: 'SUCCEEDED',
      output: [{ id: 1 }],
    });
    const csv = await execute(reading('in/items.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }));
    expect(csv).toMatchObject({
      status: 'SUCCEEDED',
      output: [
        { id: '1', name: 'one' },
        { id: '2', name: 't,wo' },
      ],
    });
    const types = (await history(c, csv.executionArn)).map((event) => event.type);
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
  });

  it('s3:listObjectsV2: one item per object under the Prefix, {Etag, Key, LastModified, Size, StorageClass}', async () => {
    await put('listed/a.txt', 'hello world!');
    await put('listed/b.txt', 'hi');
    const definition = distributed({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: DATA, Prefix: 'listed/' } },
    });
    const { status, output } = await execute(definition);
    expect(status).toBe('SUCCEEDED');
    expect(output).toEqual([
      {
        Etag: expect.stringMatching(/^".+"$/),
        Key: 'listed/a.txt',
        LastModified: expect.any(Number),
        Size: 12,
        StorageClass: 'STANDARD',
      },
      {
        Etag: expect.stringMatching(/^".+"$/),
        Key: 'listed/b.txt',
        LastModified: expect.any(Number),
        Size: 2,
        StorageClass: 'STANDARD',
      },
    ]);
  });

  it('a missing object fails the Map with States.ItemReaderFailed, its MapRunFailed event carrying the error and cause', async () => {
    const failed = await execute(reading('in/missing.json', { InputType: 'JSON' }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
    expect(failed.cause).toMatch(/specified key does not exist/i);
    const events = await history(c, failed.executionArn);
    expect(events.find((event) => event.type === 'MapRunFailed')?.mapRunFailedEventDetails).toEqual({
      error: 'States.ItemReaderFailed',
      cause: failed.cause,
    });
  });

  it('tolerates failed children of S3 items up to ToleratedFailureCount, else States.ExceedToleratedFailureThreshold', async () => {
    await put('in/checks.csv', 'name,ok\na,yes\nb,no\nc,no\n');
    const states = {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', StringEquals: 'no', Next: 'Bad' }], Default: 'Good' },
      Bad: { Type: 'Fail', Error: 'NotOk', Cause: 'not ok' },
      Good: { Type: 'Pass', End: true },
    };
    const withTolerance = (count: number) =>
      distributed(
        {
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
            Parameters: { Bucket: DATA, Key: 'in/checks.csv' },
          },
          ToleratedFailureCount: count,
        },
        states,
      );
    expect(await execute(withTolerance(2))).toMatchObject({
      status: 'SUCCEEDED',
      output: [{ name: 'a', ok: 'yes' }, null, null],
    });
    expect(await execute(withTolerance(1))).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
  });
});

describe('Distributed Map ItemBatcher and ResultWriter', () => {
  it('batches the items and writes the results: manifest.json and SUCCEEDED_0.json under <Prefix>/<map run id>/', async () => {
    await put('in/batch.json', JSON.stringify([1, 2, 3]));
    const definition = reading(
      'in/batch.json',
      { InputType: 'JSON' },
      {
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: RESULTS, Prefix: 'runs' } },
      },
    );
    const { status, output } = await execute(definition, { run: 'r1' });
    expect(status).toBe('SUCCEEDED');
    const { MapRunArn, ResultWriterDetails } = output as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    const runId = MapRunArn.split(':').pop() ?? '';
    expect(ResultWriterDetails).toEqual({ Bucket: RESULTS, Key: `runs/${runId}/manifest.json` });
    const manifest = JSON.parse(await text(RESULTS, ResultWriterDetails.Key)) as {
      ResultFiles: { SUCCEEDED: { Key: string; Size: number }[]; FAILED: unknown[]; PENDING: unknown[] };
    };
    expect(manifest).toMatchObject({ DestinationBucket: RESULTS, MapRunArn, ResultFiles: { FAILED: [], PENDING: [] } });
    const [succeeded] = manifest.ResultFiles.SUCCEEDED;
    expect(succeeded?.Key).toBe(`runs/${runId}/SUCCEEDED_0.json`);
    const body = await text(RESULTS, succeeded?.Key ?? '');
    expect(succeeded?.Size).toBe(Buffer.byteLength(body));
    const results = JSON.parse(body) as { Input: string; Output: string; Status: string }[];
    expect(results.map((result) => [JSON.parse(result.Input), JSON.parse(result.Output), result.Status])).toEqual([
      [{ BatchInput: { run: 'r1' }, Items: [1, 2] }, { BatchInput: { run: 'r1' }, Items: [1, 2] }, 'SUCCEEDED'],
      [{ BatchInput: { run: 'r1' }, Items: [3] }, { BatchInput: { run: 'r1' }, Items: [3] }, 'SUCCEEDED'],
    ]);
  });

  it("a ResultWriter with a WriterConfig and no Resource is accepted and formats the state's result (FLATTEN)", async () => {
    const definition = distributed({
      ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } },
    });
    expect(await execute(definition, [[1, 2], [3]] as unknown as object)).toMatchObject({
      status: 'SUCCEEDED',
      output: [1, 2, 3],
    });
  });

  it('a bucket that does not exist fails the Map with States.ResultWriterFailed', async () => {
    const definition = distributed({
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'no-such-bucket-here', Prefix: 'x' },
      },
    });
    expect(await execute(definition, [1] as unknown as object)).toMatchObject({
      status: 'FAILED',
      error: 'States.ResultWriterFailed',
    });
  });
});
