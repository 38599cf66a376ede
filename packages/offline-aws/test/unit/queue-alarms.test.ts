/**
 * CloudWatch alarms on a queue's depth, evaluated offline (src/alarms/): which declared alarms are
 * evaluated ("AWS::CloudWatch::Alarm",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html),
 * M out of N datapoints, and the notification each change of state sends to its actions' topics
 * ("Using Amazon CloudWatch alarms", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
 */
import { queueAlarms, startQueueAlarms } from '../../src/alarms/queue-alarms';
import type { CfnResource, Json, ServerlessConfig } from '../../src/serverless/config';
import { testConfig } from '../support/config';

const config = (resources: Record<string, CfnResource>): ServerlessConfig =>
  testConfig({
    Dead: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'svc-dead' } },
    Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'svc-alerts' } },
    ...resources,
  });

const alarm = (properties: Record<string, Json>): CfnResource =>
  ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: 'dead-not-empty',
      AlarmDescription: 'A message waits in the dead-letter queue.',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Dead', 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'Alerts' }],
      ...properties,
    },
  }) as CfnResource;

const QUEUES = new Set(['svc-dead']);

describe('which alarms are evaluated offline', () => {
  it('an alarm on a project queue’s ApproximateNumberOfMessagesVisible, with its topic resolved', () => {
    const { evaluated, notEvaluated } = queueAlarms(config({ A: alarm({}) }), QUEUES);
    expect(notEvaluated).toEqual([]);
    expect(evaluated).toEqual([
      expect.objectContaining({
        name: 'dead-not-empty',
        arn: 'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:dead-not-empty',
        queueName: 'svc-dead',
        datapointsToAlarm: 1,
        alarmActions: ['arn:aws:sns:eu-west-1:000000000000:svc-alerts'],
      }),
    ]);
  });

  it.each([
    ['another metric', { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, /AWS\/Lambda Errors.*not emulated/],
    ['metric math', { Namespace: undefined, MetricName: undefined, Metrics: [] }, /metric math.*not emulated/],
    [
      'a queue the project does not declare',
      { Dimensions: [{ Name: 'QueueName', Value: 'elsewhere' }] },
      /not one of the project/,
    ],
    ['an anomaly band', { ComparisonOperator: 'LessThanLowerThreshold' }, /anomaly band/],
    ['an action that is not a topic', { AlarmActions: ['arn:aws:automate:eu-west-1:ec2:stop'] }, /not an SNS topic/],
  ])('not %s: named, with the reason', (_what, properties, why) => {
    const { evaluated, notEvaluated } = queueAlarms(config({ A: alarm(properties as Record<string, Json>) }), QUEUES);
    expect(evaluated).toEqual([]);
    expect(notEvaluated).toEqual([{ name: 'dead-not-empty', why: expect.stringMatching(why) }]);
  });
});

describe('evaluation and notification', () => {
  function harness(properties: Record<string, Json> = {}) {
    const [read] = queueAlarms(config({ A: alarm(properties) }), QUEUES).evaluated;
    let depth = 0;
    const sent: { topicArn: string; subject: string; message: Record<string, unknown> }[] = [];
    const alarms = startQueueAlarms(read ? [read] : [], {
      visibleMessages: () => depth,
      publish: async (topicArn, subject, message) => {
        sent.push({ topicArn, subject, message: JSON.parse(message) as Record<string, unknown> });
      },
      print: () => undefined,
      intervalMs: 3_600_000,
    });
    return { alarms, sent, setDepth: (n: number) => (depth = n) };
  }

  it('INSUFFICIENT_DATA, then OK on an empty queue (no OKActions: nothing sent), then ALARM with CloudWatch’s message', async () => {
    const { alarms, sent, setDepth } = harness();
    expect(alarms.state('dead-not-empty')).toBe('INSUFFICIENT_DATA');
    await alarms.evaluate();
    expect([alarms.state('dead-not-empty'), sent]).toEqual(['OK', []]);
    setDepth(2);
    await alarms.evaluate();
    expect(alarms.state('dead-not-empty')).toBe('ALARM');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topicArn).toBe('arn:aws:sns:eu-west-1:000000000000:svc-alerts');
    expect(sent[0]?.subject).toBe('ALARM: "dead-not-empty" in EU (Ireland)');
    expect(sent[0]?.message).toMatchObject({
      AlarmName: 'dead-not-empty',
      AlarmDescription: 'A message waits in the dead-letter queue.',
      AWSAccountId: '000000000000',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      Region: 'EU (Ireland)',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:dead-not-empty',
      Trigger: {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Statistic: 'MAXIMUM',
        Dimensions: [{ value: 'svc-dead', name: 'QueueName' }],
        Period: 60,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      },
    });
    expect(String(sent[0]?.message.NewStateReason)).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[2\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(0\.0\) \(minimum 1 datapoint for OK -> ALARM transition\)\.$/,
    );
    expect(String(sent[0]?.message.StateChangeTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    // Still breaching: no new notification; emptied: OK, sent to OKActions only (none here).
    await alarms.evaluate();
    setDepth(0);
    await alarms.evaluate();
    expect([alarms.state('dead-not-empty'), sent.length]).toEqual(['OK', 1]);
    alarms.stop();
  });

  it('M out of N: 2 of the last 3 datapoints must breach; OKActions get the way back', async () => {
    const { alarms, sent, setDepth } = harness({
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      OKActions: [{ Ref: 'Alerts' }],
    });
    await alarms.evaluate(); // 0: OK (sent to OKActions)
    setDepth(1);
    await alarms.evaluate(); // 0, 1: one breach
    expect(alarms.state('dead-not-empty')).toBe('OK');
    await alarms.evaluate(); // 0, 1, 1: two
    expect(alarms.state('dead-not-empty')).toBe('ALARM');
    setDepth(0);
    await alarms.evaluate(); // 1, 1, 0: still two
    await alarms.evaluate(); // 1, 0, 0: one
    expect(sent.map((s) => s.message.NewStateValue)).toEqual(['OK', 'ALARM', 'OK']);
    expect(String(sent[2]?.message.NewStateReason)).toMatch(
      /^Threshold Crossed: 3 datapoints \[0\.0 .*was not greater than the threshold \(0\.0\)\.$/,
    );
    alarms.stop();
  });

  it('an evaluation that fails (the emulator going away) is printed, and the next one runs', async () => {
    const [read] = queueAlarms(config({ A: alarm({}) }), QUEUES).evaluated;
    const printed: string[] = [];
    let broken = true;
    const alarms = startQueueAlarms(read ? [read] : [], {
      visibleMessages: () => {
        if (broken) throw new Error('emulator stopped');
        return 0;
      },
      publish: async () => undefined,
      print: (line) => printed.push(line),
      intervalMs: 3_600_000,
    });
    await alarms.evaluate();
    expect(printed).toEqual(['[alarm] dead-not-empty: Error: emulator stopped']);
    broken = false;
    await alarms.evaluate();
    expect(alarms.state('dead-not-empty')).toBe('OK');
    alarms.stop();
  });

  it('ActionsEnabled false: the state changes, nothing is sent', async () => {
    const { alarms, sent, setDepth } = harness({ ActionsEnabled: false });
    setDepth(1);
    await alarms.evaluate();
    expect([alarms.state('dead-not-empty'), sent]).toEqual(['ALARM', []]);
    alarms.stop();
  });
});
