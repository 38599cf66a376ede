/**
 * A Distributed Map's ItemBatcher and ResultWriter, run by the offline engine with an in-memory S3.
 *
 * AWS: "ItemBatcher (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html,
 * "ResultWriter (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html,
 * "Distributed Map state" https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 * ("Tolerated failure threshold"). Outputs marked "recorded on AWS" are those of executions recorded
 * on AWS (the LocalStack project's snapshot tests, recorded against AWS in 2023).
 */
import { MemoryS3 } from './memory-s3';
import { FUNCTION_ARN, single, start, type Json, type Outcome } from './support';

type Details = { ResultWriterDetails: { Key: string } };

/** A succeeded outcome's output. */
function outputOf<T>(outcome: Outcome): T {
  if (outcome.status !== 'SUCCEEDED') throw new Error(`not SUCCEEDED: ${JSON.stringify(outcome)}`);
  return outcome.output as unknown as T;
}

const processor = (states: object = { P: { Type: 'Pass', End: true } }) => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: Object.keys(states)[0],
  States: states,
});
const mapOf = (fields: object, states?: object) =>
  single({ Type: 'Map', ItemProcessor: processor(states), ...fields, End: true });

async function execute(definition: object, input: Json, s3 = new MemoryS3('results'), tasks = {}) {
  const started = start(definition, input, { s3, tasks });
  return { outcome: await started.outcome, types: started.history.events.map((event) => event.type), s3 };
}

describe('ItemBatcher (input-output-itembatcher.html)', () => {
  it('each child gets {BatchInput, Items} with at most MaxItemsPerBatch items (recorded on AWS: BatchInput first)', async () => {
    const definition = mapOf({
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'Run.$': '$.run' } },
      ItemsPath: '$.items',
    });
    const { outcome } = await execute(definition, { run: 7, items: [1, 2, 3, 4, 5] });
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { BatchInput: { Run: 7 }, Items: [1, 2] },
        { BatchInput: { Run: 7 }, Items: [3, 4] },
        { BatchInput: { Run: 7 }, Items: [5] },
      ],
    });
    expect(JSON.stringify((outcome as { output: Json[] }).output[0])).toBe('{"BatchInput":{"Run":7},"Items":[1,2]}');
  });

  it("MaxInputBytesPerBatch bounds the bytes of a child's whole input; ItemSelector applies to each item first", async () => {
    const definition = mapOf({
      ItemBatcher: { MaxInputBytesPerBatchPath: '$.bytes' },
      ItemSelector: { 'v.$': '$$.Map.Item.Value' },
      ItemsPath: '$.items',
    });
    // {"Items":[{"v":"aaaa"},{"v":"bbbb"}]} is 37 bytes; a third item would make it 50.
    const { outcome } = await execute(definition, { bytes: 40, items: ['aaaa', 'bbbb', 'cccc'] });
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [{ Items: [{ v: 'aaaa' }, { v: 'bbbb' }] }, { Items: [{ v: 'cccc' }] }],
    });
  });

  it('JSONata: the limits and BatchInput as expressions', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      ...mapOf({
        Items: '{% $states.input.items %}',
        ItemBatcher: {
          MaxItemsPerBatch: '{% $states.input.MaxItemsPerBatch %}',
          MaxInputBytesPerBatch: '{% $states.input.MaxInputBytesPerBatch %}',
          BatchInput: { Size: '{% $count($states.input.items) %}' },
        },
      }),
    };
    const input = { items: ['a', 'b', 'c'], MaxItemsPerBatch: 2, MaxInputBytesPerBatch: 150000 };
    const { outcome } = await execute(definition, input);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { BatchInput: { Size: 3 }, Items: ['a', 'b'] },
        { BatchInput: { Size: 3 }, Items: ['c'] },
      ],
    });
  });
  it('JSONata reader and batcher together, BatchInput from the context: one batch of MaxItems items (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    const statements = [
      { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
      { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
      { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
    ];
    s3.put('bucket-name', 'file.json', JSON.stringify(statements));
    const definition = {
      QueryLanguage: 'JSONata',
      ...mapOf({
        ItemReader: {
          ReaderConfig: { InputType: 'JSON', MaxItems: 2 },
          Resource: 'arn:aws:states:::s3:getObject',
          Arguments: { Bucket: '{% $states.input.Bucket %}', Key: '{% $states.input.Key %}' },
        },
        ItemBatcher: {
          MaxItemsPerBatch: '{% $states.input.MaxItemsPerBatch %}',
          MaxInputBytesPerBatch: '{% $states.input.MaxInputBytesPerBatch %}',
          BatchInput: { BatchTimestamp: '{% $states.context.State.EnteredTime %}' },
        },
      }),
    };
    const input = { Bucket: 'bucket-name', Key: 'file.json', MaxItemsPerBatch: 2, MaxInputBytesPerBatch: 150000 };
    const { outcome } = await execute(definition, input, s3);
    const output = outputOf<{ BatchInput: { BatchTimestamp: string }; Items: Json[] }[]>(outcome);
    expect(output).toEqual([{ BatchInput: { BatchTimestamp: expect.any(String) }, Items: statements.slice(0, 2) }]);
    expect(Object.keys(output[0] ?? {})).toEqual(['BatchInput', 'Items']);
    expect(Number.isNaN(Date.parse(output[0]?.BatchInput.BatchTimestamp ?? ''))).toBe(false);
  });

  it('the tolerated failure thresholds count items: a failed batch fails every item in it (state-map-distributed.html)', async () => {
    const states = {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.Items[0]', NumericEquals: 3, Next: 'Bad' }], Default: 'Good' },
      Bad: { Type: 'Fail', Error: 'Bad', Cause: 'a batch failed' },
      Good: { Type: 'Pass', End: true },
    };
    const run = (tolerance: object) =>
      execute(mapOf({ ItemBatcher: { MaxItemsPerBatch: 2 }, ...tolerance }, states), [1, 2, 3, 4]);
    // One batch of two failed: two items of four.
    expect((await run({ ToleratedFailureCount: 1 })).outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    expect((await run({ ToleratedFailureCount: 2 })).outcome).toEqual({
      status: 'SUCCEEDED',
      output: [{ Items: [1, 2] }, null],
    });
    expect((await run({ ToleratedFailurePercentage: 49 })).outcome.status).toBe('FAILED');
    expect((await run({ ToleratedFailurePercentage: 50 })).outcome.status).toBe('SUCCEEDED');
  });
});

describe('ResultWriter (input-output-resultwriter.html)', () => {
  const writer = (config?: object) => ({
    ResultWriter: {
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: 'results', Prefix: 'mapJobs' },
      ...(config ? { WriterConfig: config } : {}),
    },
  });

  it('exports to <Prefix>/<map run id>/: the result is {MapRunArn, ResultWriterDetails} naming manifest.json (recorded on AWS)', async () => {
    const { outcome, s3 } = await execute(mapOf({ ...writer(), Label: 'TestMap' }), ['Hello', 'World']);
    expect(outcome.status).toBe('SUCCEEDED');
    const output = outputOf<{ MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } }>(outcome);
    expect(Object.keys(output)).toEqual(['MapRunArn', 'ResultWriterDetails']);
    expect(output.MapRunArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:mapRun:conformance\/TestMap:[0-9a-f-]{36}$/,
    );
    const runId = output.MapRunArn.split(':').pop() ?? '';
    expect(output.ResultWriterDetails).toEqual({ Bucket: 'results', Key: `mapJobs/${runId}/manifest.json` });

    const manifest = JSON.parse(s3.text('results', `mapJobs/${runId}/manifest.json`) ?? 'null') as Record<string, Json>;
    const succeededKey = `mapJobs/${runId}/SUCCEEDED_0.json`;
    const succeeded = s3.text('results', succeededKey) ?? '';
    expect(manifest).toEqual({
      DestinationBucket: 'results',
      MapRunArn: output.MapRunArn,
      ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: succeededKey, Size: Buffer.byteLength(succeeded) }] },
    });
    const results = JSON.parse(succeeded) as Record<string, Json>[];
    expect(results.map((result) => [result.Input, result.Output, result.Status])).toEqual([
      ['"Hello"', '"Hello"', 'SUCCEEDED'],
      ['"World"', '"World"', 'SUCCEEDED'],
    ]);
    expect(results[0]).toMatchObject({
      ExecutionArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:execution:conformance\/TestMap:/),
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:conformance/TestMap',
      InputDetails: { Included: true },
      OutputDetails: { Included: true },
      RedriveCount: 0,
    });
  });

  it('a failed child within the tolerance goes to FAILED_0.json with its Error and Cause', async () => {
    const definition = mapOf(
      { ...writer(), ToleratedFailureCount: 1 },
      { W: { Type: 'Task', Resource: FUNCTION_ARN, End: true } },
    );
    const tasks = {
      W: (input: Json) => (input === 'bad' ? Promise.reject(new Error('no good')) : Promise.resolve(input)),
    };
    const { outcome, s3 } = await execute(definition, ['ok', 'bad'], new MemoryS3('results'), tasks);
    expect(outcome.status).toBe('SUCCEEDED');
    const key = outputOf<Details>(outcome).ResultWriterDetails.Key;
    const failedKey = key.replace('manifest.json', 'FAILED_0.json');
    expect(JSON.parse(s3.text('results', key) ?? '{}')).toMatchObject({
      ResultFiles: { FAILED: [{ Key: failedKey }] },
    });
    expect(JSON.parse(s3.text('results', failedKey) ?? '[]')).toEqual([
      expect.objectContaining({ Input: '"bad"', Status: 'FAILED', Error: 'Error', Cause: 'no good' }),
    ]);
  });

  it("WriterConfig alone formats the state's result: COMPACT the outputs, FLATTEN their arrays flattened", async () => {
    const items = [[1, 2], [3]];
    const compact = await execute(
      mapOf({ ResultWriter: { WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSON' } } }),
      items,
    );
    expect(compact.outcome).toEqual({ status: 'SUCCEEDED', output: [[1, 2], [3]] });
    const flat = await execute(
      mapOf({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } } }),
      items,
    );
    expect(flat.outcome).toEqual({ status: 'SUCCEEDED', output: [1, 2, 3] });
  });

  it('OutputType JSONL writes one result per line', async () => {
    const { outcome, s3 } = await execute(mapOf(writer({ Transformation: 'COMPACT', OutputType: 'JSONL' })), [
      { a: 1 },
      2,
    ]);
    const key = outputOf<Details>(outcome).ResultWriterDetails.Key;
    const manifest = JSON.parse(s3.text('results', key) ?? '{}') as { ResultFiles: { SUCCEEDED: { Key: string }[] } };
    expect(s3.text('results', manifest.ResultFiles.SUCCEEDED[0]?.Key ?? '')).toBe('{"a":1}\n2\n');
  });

  it("a bucket that does not exist: States.ResultWriterFailed with S3's message in MapRunFailed", async () => {
    const { outcome, types } = await execute(mapOf(writer()), [1], new MemoryS3());
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.ResultWriterFailed',
      cause: 'The specified bucket does not exist',
    });
    expect(types.slice(-4)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });
});
