/**
 * Conformance of the local Lambda endpoint (packages/offline-aws/src/lambda/lambda-endpoint.ts) with the Invoke API
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), driven by the real
 * `@aws-sdk/client-lambda`, and of the payload limits (packages/offline-aws/src/lambda/payload-limits.ts) with
 * "Lambda quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 * The functions are test-only fixtures (test/conformance/fixtures/serverless.yml). No database.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { CapturedLines, TEST_INIT_LIMIT_MS } from '../../src/testing';
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { AsyncInvoker } from '../../src/lambda/async-invocation';
import { startLambdaEndpoint, type LambdaEndpoint } from '../../src/lambda/lambda-endpoint';
import { SYNC_REQUEST_LIMIT_BYTES } from '../../src/lambda/payload-limits';
import { LambdaPool } from '../../src/lambda/pool';
import { LogSink } from '../../src/logs/sink';
import { loadServerlessConfig } from '../../src/serverless/config';
import type { ProbeResult } from './fixtures/probe';

const INVOKE = 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html';
const QUOTAS = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });
const PROBE_A = 'lambda-conformance-dev-probeA';

let pool: LambdaPool;
let asyncInvocations: AsyncInvoker;
let endpoint: LambdaEndpoint;
let client: LambdaClient;
/** The functions' log files, and the line printed per invocation. */
const logDirectory = mkdtempSync(join(tmpdir(), 'lambda-invoke-logs-'));
const said = new CapturedLines();
beforeAll(async () => {
  pool = new LambdaPool(config, {
    initLimitMs: TEST_INIT_LIMIT_MS,
    log: new LogSink({ print: said.print, directory: logDirectory }),
  });
  const invoke = pool.invoke.bind(pool);
  asyncInvocations = new AsyncInvoker(config, invoke, { send: () => Promise.resolve() }, { retryDelaysMs: [10, 10] });
  endpoint = await startLambdaEndpoint({ config, invoke, asyncInvocations });
  client = new LambdaClient({
    endpoint: endpoint.url,
    region: config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}, 60_000);
afterAll(async () => {
  client.destroy();
  await endpoint.stop();
  asyncInvocations.stop();
  await pool.stop();
  rmSync(logDirectory, { recursive: true, force: true });
});

const invoke = (input: Omit<InvokeCommandInput, 'Payload'> & { event?: unknown }) => {
  const { event, ...rest } = input;
  return client.send(
    new InvokeCommand({ ...rest, ...(event === undefined ? {} : { Payload: Buffer.from(JSON.stringify(event)) }) }),
  );
};
const json = <T>(payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as T;
const invocations = (name: string) => pool.stats()[name]?.invocations ?? 0;

describe(`Invoke (${INVOKE})`, () => {
  it('RequestResponse: 200, the result, X-Amz-Executed-Version $LATEST, the request id the function saw', async () => {
    const answer = await invoke({ FunctionName: PROBE_A, event: { id: 'via-endpoint' } });
    expect(answer.StatusCode).toBe(200);
    expect(answer.ExecutedVersion).toBe('$LATEST');
    expect(answer.FunctionError).toBeUndefined();
    const result = json<ProbeResult>(answer.Payload);
    expect(result.context.functionName).toBe(PROBE_A);
    expect(result.idAfterDelay).toBe('via-endpoint');
    expect(result.context.awsRequestId).toBe(answer.$metadata.requestId);
  });

  it('accepts the function ARN and partial ARN, qualified with $LATEST or not', async () => {
    const arn = `arn:aws:lambda:${config.region}:${config.accountId}:function:${PROBE_A}`;
    for (const FunctionName of [arn, `${arn}:$LATEST`, `${config.accountId}:function:${PROBE_A}`]) {
      await expect(invoke({ FunctionName, event: {} })).resolves.toMatchObject({ StatusCode: 200 });
    }
  });

  it('an unknown function (the serverless.yml key is not the deployed name) is ResourceNotFoundException', async () => {
    for (const [FunctionName, Qualifier, arnTail] of [
      ['probeA', undefined, 'probeA'],
      ['no-such-function', undefined, 'no-such-function'],
      [PROBE_A, '7', `${PROBE_A}:7`],
    ] as const) {
      await expect(invoke({ FunctionName, Qualifier, event: {} })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Function not found: arn:aws:lambda:${config.region}:${config.accountId}:function:${arnTail}`,
        $metadata: { httpStatusCode: 404 },
      });
    }
  });

  it('an InvocationType or LogType outside its valid values is a 400 ValidationException naming the member, and nothing runs', async () => {
    const before = invocations(PROBE_A);
    // Values the SDK's types refuse, sent as a client outside TypeScript would send them.
    const bogus: [Partial<Record<'LogType' | 'InvocationType', string>>, string][] = [
      [{ LogType: 'Bogus' }, 'logType'],
      [{ InvocationType: 'Later' }, 'invocationType'],
    ];
    for (const [input, member] of bogus) {
      await expect(
        invoke({ FunctionName: PROBE_A, event: {}, ...(input as Partial<InvokeCommandInput>) }),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining(`at '${member}' failed to satisfy constraint`),
        $metadata: { httpStatusCode: 400 },
      });
    }
    expect(invocations(PROBE_A)).toBe(before);
  });

  it('a function error: 200 with X-Amz-Function-Error Unhandled and {errorType, errorMessage, trace}', async () => {
    const answer = await invoke({ FunctionName: PROBE_A, event: { fail: 'thrown' } });
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe('Unhandled');
    const error = json<Record<string, unknown>>(answer.Payload);
    expect(Object.keys(error).sort()).toEqual(['errorMessage', 'errorType', 'trace']);
    expect(error).toMatchObject({ errorType: 'OrderLost', errorMessage: 'Order ord_lost was lost' });
    expect(Array.isArray(error.trace)).toBe(true);
  });

  it('LogType Tail: the last 4 KB of the invocation log, base64, framed by START … END and REPORT', async () => {
    const short = await invoke({ FunctionName: PROBE_A, LogType: 'Tail', event: { log: 'hello from probeA' } });
    const log = Buffer.from(short.LogResult ?? '', 'base64').toString('utf8');
    const requestId = short.$metadata.requestId ?? '';
    expect(log).toContain(`START RequestId: ${requestId} Version: $LATEST\n`);
    expect(log).toContain('hello from probeA\n');
    expect(log).toContain(`END RequestId: ${requestId}\n`);
    expect(log).toMatch(
      new RegExp(
        `REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB`,
      ),
    );

    const long = await invoke({ FunctionName: PROBE_A, LogType: 'Tail', event: { log: `${'y'.repeat(5000)}!` } });
    const tail = Buffer.from(long.LogResult ?? '', 'base64');
    expect(tail.length).toBe(4096);
    expect(tail.toString('utf8')).toMatch(/^y+!\nEND RequestId: /);

    const none = await invoke({ FunctionName: PROBE_A, event: { log: 'not asked for' } });
    expect(none.LogResult).toBeUndefined();

    // Asked for or not, the output is in the function's log (its log group offline), never the terminal.
    const file = readFileSync(join(logDirectory, 'probeA.log'), 'utf8');
    expect(file).toMatch(/Z hello from probeA\n/);
    expect(file).toMatch(/Z not asked for\n/);
    expect(file).toContain(`Z START RequestId: ${requestId} Version: $LATEST\n`);
    expect(said.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^λ probeA ok \\d+ ms.* ← Invoke · ${requestId}$`)),
    );
  });

  it("a handler's error is in its log as the Node.js runtime writes it (ERROR Invoke Error), in the Tail and the function's log (nodejs-exceptions.html)", async () => {
    const failed = await invoke({ FunctionName: PROBE_A, LogType: 'Tail', event: { fail: 'thrown' } });
    const requestId = failed.$metadata.requestId ?? '';
    const line = new RegExp(
      `Z\\t${requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"OrderLost","errorMessage":"Order ord_lost was lost","stack":\\[`,
    );
    expect(Buffer.from(failed.LogResult ?? '', 'base64').toString('utf8')).toMatch(line);
    expect(readFileSync(join(logDirectory, 'probeA.log'), 'utf8')).toMatch(line);
  });

  it('Event: 202 at once, the function runs from the asynchronous queue', async () => {
    const before = invocations('probeB');
    const answer = await invoke({ FunctionName: 'lambda-conformance-dev-probeB', InvocationType: 'Event', event: {} });
    expect(answer.StatusCode).toBe(202);
    expect(Buffer.from(answer.Payload ?? []).length).toBe(0);
    await asyncInvocations.drain();
    expect(invocations('probeB')).toBe(before + 1);
  });

  it('DryRun: 204, and the function does not run', async () => {
    const before = invocations('probeB');
    const answer = await invoke({ FunctionName: 'lambda-conformance-dev-probeB', InvocationType: 'DryRun', event: {} });
    expect(answer.StatusCode).toBe(204);
    expect(invocations('probeB')).toBe(before);
  });

  it('a body that is not JSON is InvalidRequestContentException', async () => {
    await expect(
      client.send(new InvokeCommand({ FunctionName: PROBE_A, Payload: Buffer.from('{not json') })),
    ).rejects.toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
  });
});

describe(`payload limits (${QUOTAS})`, () => {
  /** An event whose JSON is exactly `bytes` long. */
  const eventOf = (bytes: number) => ({ p: 'x'.repeat(bytes - '{"p":""}'.length) });

  it('a synchronous request over 6 MB (6,291,456 bytes) is RequestEntityTooLargeException (413); the function does not run', async () => {
    const before = invocations('probeA');
    await expect(invoke({ FunctionName: PROBE_A, event: eventOf(SYNC_REQUEST_LIMIT_BYTES + 1) })).rejects.toMatchObject(
      {
        name: 'RequestEntityTooLargeException',
        message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        $metadata: { httpStatusCode: 413 },
      },
    );
    // The same limit where the state machine and SNS invoke (the pool), and exactly 6 MB passes.
    await expect(pool.invoke('probeA', eventOf(SYNC_REQUEST_LIMIT_BYTES + 1))).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
    });
    expect(invocations('probeA')).toBe(before);
    await expect(pool.invoke('probeA', eventOf(SYNC_REQUEST_LIMIT_BYTES))).resolves.toBeDefined();
  });

  it('a body declared far over 6 MB is refused from its Content-Length, before it is read or held, and the endpoint keeps serving', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${endpoint.url}/2015-03-31/functions/${PROBE_A}/invocations`,
        { method: 'POST', headers: { 'content-length': String(200 * 1024 * 1024) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024, 0x20)); // the first 64 KiB of the 200 MB it announced
    });
    expect(answer).toBe(413);
    await expect(invoke({ FunctionName: PROBE_A, event: {} })).resolves.toMatchObject({ StatusCode: 200 });
  });

  it('an asynchronous request over 1 MB is RequestEntityTooLargeException', async () => {
    const bytes = 1024 * 1024 + 1;
    await expect(
      invoke({ FunctionName: PROBE_A, InvocationType: 'Event', event: eventOf(bytes) }),
    ).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: `${bytes} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
    });
    await expect(
      invoke({ FunctionName: PROBE_A, InvocationType: 'Event', event: eventOf(1024 * 1024) }),
    ).resolves.toMatchObject({ StatusCode: 202 });
    await asyncInvocations.drain();
  });

  it('a response over 6 MB fails the invocation with Function.ResponseSizeTooLarge', async () => {
    const answer = await invoke({ FunctionName: PROBE_A, event: { padBytes: SYNC_REQUEST_LIMIT_BYTES + 200 } });
    expect(answer.FunctionError).toBe('Unhandled');
    const error = json<{ errorType: string; errorMessage: string }>(answer.Payload);
    expect(error.errorType).toBe('Function.ResponseSizeTooLarge');
    expect(error.errorMessage).toMatch(
      /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
    );
  });
});
