/** The alarm rules of the template check (alarm-*). */
import { broken, getAtt, props, ref, violations } from './fixture';

describe('checkTemplate', () => {
  describe('alarms', () => {
    it('wants every alarm to notify a topic of the template', () => {
      const template = broken((t) => {
        props(t, 'ReserveErrorsAlarm').AlarmActions = ['arn:aws:sns:eu-west-1:123456789012:elsewhere'];
      });
      expect(violations(template)).toEqual(['alarm-actions ReserveErrorsAlarm']);
    });

    it('wants an alarm on failed executions of every state machine', () => {
      const template = broken((t) => {
        delete t.Resources.ExecutionsFailedAlarm;
      });
      expect(violations(template)).toEqual(['alarm-executions-failed Machine']);
    });

    it('accepts an alarm on a metric filtered from ExecutionFailed events of its log, in metric math', () => {
      const template = broken((t) => {
        delete t.Resources.ExecutionsFailedAlarm;
        t.Resources.FailuresFilter = {
          Type: 'AWS::Logs::MetricFilter',
          Properties: {
            LogGroupName: ref('MachineLogGroup'),
            FilterPattern: '{ $.type = "ExecutionFailed" }',
            MetricTransformations: [{ MetricNamespace: 'app/dev', MetricName: 'Failures', MetricValue: '1' }],
          },
        };
        t.Resources.FailuresAlarm = {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmActions: [ref('AlertsTopic')],
            Metrics: [
              { Id: 'm', MetricStat: { Metric: { Namespace: 'app/dev', MetricName: 'Failures' } }, ReturnData: false },
              { Id: 'e', Expression: 'FILL(m, 0)', ReturnData: true },
            ],
          },
        };
      });
      expect(violations(template)).toEqual([]);
    });

    it('wants a depth > 0 alarm on every dead-letter queue', () => {
      const missing = broken((t) => {
        delete t.Resources.DeadLetterQueueAlarm;
      });
      expect(violations(missing)).toEqual(['alarm-dead-letter-queue DeadLetterQueue']);

      const tooLate = broken((t) => {
        props(t, 'DeadLetterQueueAlarm').Threshold = 5;
      });
      expect(violations(tooLate)).toEqual(['alarm-dead-letter-queue DeadLetterQueue']);

      const atLeastOne = broken((t) => {
        props(t, 'DeadLetterQueueAlarm').Threshold = 1;
        props(t, 'DeadLetterQueueAlarm').ComparisonOperator = 'GreaterThanOrEqualToThreshold';
      });
      expect(violations(atLeastOne)).toEqual([]);
    });

    it('recognises a dead-letter queue by a RedrivePolicy that targets it', () => {
      const template = broken((t) => {
        t.Resources.Parking = { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } };
        t.Resources.Work = {
          Type: 'AWS::SQS::Queue',
          Properties: { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: getAtt('Parking') } },
        };
      });
      expect(violations(template)).toEqual(['alarm-dead-letter-queue Parking']);
    });

    it('wants Errors and Throttles alarms on every function', () => {
      const template = broken((t) => {
        delete t.Resources.ReserveErrorsAlarm;
        delete t.Resources.ReserveThrottlesAlarm;
      });
      expect(violations(template)).toEqual([
        'alarm-lambda-errors ReserveLambdaFunction',
        'alarm-lambda-throttles ReserveLambdaFunction',
      ]);
    });
  });
});
