/**
 * A Distributed Map's Map Run through the local endpoint, with `@aws-sdk/client-sfn` only: its
 * tolerance (state-map-distributed.html), and the Map Run and its child executions as the API shows
 * them (API_DescribeMapRun.html, API_ListMapRuns.html, API_ListExecutions.html with `mapRunArn`;
 * each child execution has a history of its own). Reading and writing S3: sfn-api-s3.test.ts.
 */
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
} from '@aws-sdk/client-sfn';
import { type Conformance, history, runToEnd, startConformance } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const run = (definition: object, input?: string) => runToEnd(c, definition, input);

const pass = (extra: object = {}) => ({ Type: 'Pass', ...extra });

/** A Distributed Map whose item 3 fails (Fail BadItem), with the given tolerance fields. */
const failingThree = (tolerance: object) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      Label: 'Items',
      MaxConcurrency: 2,
      ...tolerance,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: {
          Check: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 3, Next: 'Bad' }], Default: 'Good' },
          Bad: { Type: 'Fail', Error: 'BadItem', Cause: 'item 3' },
          Good: pass({ End: true }),
        },
      },
      End: true,
    },
  },
});

describe('tolerated failures (state-map-distributed.html)', () => {
  it('tolerates 1 failed item of 4 at ToleratedFailurePercentage 50 and records its Map Run', async () => {
    const ended = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ToleratedFailurePercentage: 50,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Check',
              States: {
                Check: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 3, Next: 'Bad' }], Default: 'Good' },
                Bad: { Type: 'Fail', Error: 'BadItem' },
                Good: pass({ End: true }),
              },
            },
            End: true,
          },
        },
      },
      '[1, 2, 3, 4]',
    );
    expect(ended.status).toBe('SUCCEEDED');
    const types = (await history(c, ended.executionArn)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['MapRunStarted', 'MapRunSucceeded']));
  });

  it('fails with States.ExceedToleratedFailureThreshold past the tolerance', async () => {
    const ended = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ToleratedFailureCount: 0,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Bad',
              States: { Bad: { Type: 'Fail', Error: 'BadItem' } },
            },
            End: true,
          },
        },
      },
      '[1]',
    );
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});

describe('the Map Run and its child executions', () => {
  it('DescribeMapRun, ListMapRuns and ListExecutions with mapRunArn show the run and each child; a child has its own history', async () => {
    const ended = await run(failingThree({ ToleratedFailurePercentage: 50 }), '[1, 2, 3, 4]');
    expect(ended.status).toBe('SUCCEEDED');
    const { mapRuns = [] } = await c.sfn.send(new ListMapRunsCommand({ executionArn: ended.executionArn }));
    expect(mapRuns).toHaveLength(1);
    const mapRunArn = mapRuns[0]?.mapRunArn ?? '';
    expect(mapRunArn).toMatch(/:mapRun:conformance-[^/]+\/Items:/);
    const described = await c.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({
      executionArn: ended.executionArn,
      status: 'SUCCEEDED',
      maxConcurrency: 2,
      toleratedFailurePercentage: 50,
      itemCounts: { total: 4, succeeded: 3, failed: 1, running: 0 },
      executionCounts: { total: 4, succeeded: 3, failed: 1 },
    });
    const { executions = [] } = await c.sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions.map((e) => e.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const failed = executions.find((e) => e.status === 'FAILED');
    expect(failed).toMatchObject({
      mapRunArn,
      stateMachineArn: expect.stringMatching(/:stateMachine:conformance-[^/]+\/Items$/),
    });
    const child = await c.sfn.send(new DescribeExecutionCommand({ executionArn: failed?.executionArn }));
    expect(child).toMatchObject({ status: 'FAILED', error: 'BadItem', cause: 'item 3', input: '3', mapRunArn });
    const { events = [] } = await c.sfn.send(new GetExecutionHistoryCommand({ executionArn: failed?.executionArn }));
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
  });

  it('answers an unknown Map Run with ResourceNotFound and a malformed ARN with InvalidArn', async () => {
    const region = await c.sfn.config.region();
    const unknown = `arn:aws:states:${region}:000000000000:mapRun:nothing/Items:00000000-0000-0000-0000-000000000000`;
    await expect(c.sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    await expect(c.sfn.send(new DescribeMapRunCommand({ mapRunArn: 'not-an-arn' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });
});
