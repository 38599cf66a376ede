/**
 * `sls invoke local`: the context the plugin hands the framework and the REPORT line it prints
 * (src/invoke-local/invocation.ts), as Lambda gives them: the configured memory (function-level,
 * else provider-level), the deadline of the configured timeout, the cold start's Init Duration.
 * The whole command, joined to a running stack, is exercised by the app's
 * test/slow/invoke-local-join.test.ts.
 */
import { join } from 'node:path';
import { localInvocation } from '../../src/invoke-local/invocation';
import { reportLine } from '../../src/lambda/report-line';
import { loadServerlessConfig } from '../../src/serverless/config';

const DOCS = 'https://docs.aws.amazon.com/lambda/latest/dg';
const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });

describe(`the context of sls invoke local (${DOCS}/nodejs-context.html)`, () => {
  it('reports the function-level memory and timeout, else the provider-level ones', () => {
    const a = localInvocation(config, 'probeA').context();
    const b = localInvocation(config, 'probeB').context();
    expect(a).toMatchObject({
      functionName: 'lambda-conformance-dev-probeA',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:lambda-conformance-dev-probeA',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/lambda-conformance-dev-probeA',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(b.memoryLimitInMB).toBe('512');
    expect(a.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.getRemainingTimeInMillis()).toBeLessThanOrEqual(2000);
    expect(a.getRemainingTimeInMillis()).toBeGreaterThan(1000);
    expect(b.getRemainingTimeInMillis()).toBeGreaterThan(3000);
  });

  it('names its log stream as the environment does and marks an on-demand initialization', () => {
    const invocation = localInvocation(config, 'probeA');
    expect(invocation.environment).toEqual({
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_STREAM_NAME: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
    });
    expect(invocation.context().logStreamName).toBe(invocation.environment.AWS_LAMBDA_LOG_STREAM_NAME);
  });

  it('keeps the fields of a context given with --context over its own', () => {
    const context = localInvocation(config, 'probeA').context({ awsRequestId: 'given', custom: 1 });
    expect(context).toMatchObject({ awsRequestId: 'given', custom: 1, memoryLimitInMB: '256' });
  });
});

describe(`the REPORT line (${DOCS}/nodejs-logging.html)`, () => {
  it('reports the invocation of the context it made: its request id, the configured memory, the Init Duration', () => {
    const invocation = localInvocation(config, 'probeA');
    const { awsRequestId } = invocation.context();
    expect(invocation.report({ durationMs: 12.344, initDurationMs: 150.5 })).toBe(
      `REPORT RequestId: ${awsRequestId}\tDuration: 12.34 ms\tBilled Duration: 163 ms\tMemory Size: 256 MB\tInit Duration: 150.50 ms\t`,
    );
  });

  it('has no Init Duration for a warm invocation, and bills the Invoke phase rounded up to the millisecond', () => {
    expect(reportLine({ requestId: 'r', durationMs: 0.2, memorySize: 512 })).toBe(
      'REPORT RequestId: r\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 512 MB\t',
    );
  });
});
