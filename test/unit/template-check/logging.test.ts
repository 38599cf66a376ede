/** The logging, tracing and observability rules of the template check. */
import { checkTemplate } from '../../../tools/template/template-check';
import { OPTIONS, broken, props, ref, violations } from './fixture';

describe('checkTemplate', () => {
  describe('logging and tracing', () => {
    it('wants Step Functions logging to a log group of the template, and tracing', () => {
      const template = broken((t) => {
        props(t, 'Machine').LoggingConfiguration = { Level: 'OFF' };
        delete props(t, 'Machine').TracingConfiguration;
      });
      expect(violations(template)).toContain('sfn-logging Machine');
      expect(violations(template)).toContain('sfn-tracing Machine');
    });

    it('wants a log destination even at a good level', () => {
      const template = broken((t) => {
        props(t, 'Machine').LoggingConfiguration = { Level: 'ALL', Destinations: [] };
      });
      expect(violations(template)).toContain('sfn-logging Machine');
    });

    it('wants active tracing on every function', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').TracingConfig = { Mode: 'PassThrough' };
      });
      expect(violations(template)).toEqual(['lambda-tracing ReserveLambdaFunction']);
    });

    it('rejects function environments that switch metrics, tracing or logs off', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').Environment = {
          Variables: {
            POWERTOOLS_METRICS_DISABLED: 'true',
            POWERTOOLS_DEV: '1',
            POWERTOOLS_TRACE_ENABLED: 'False',
            POWERTOOLS_LOG_LEVEL: 'silent',
          },
        };
      });
      expect(violations(template)).toEqual([
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
      ]);
      expect(checkTemplate(template, OPTIONS).map((violation) => violation.message)).toEqual([
        'sets POWERTOOLS_METRICS_DISABLED=true, which drops every metric; keep it to tests and offline',
        'sets POWERTOOLS_DEV=1, which drops every metric and pretty-prints the logs; keep it to tests and offline',
        'sets POWERTOOLS_TRACE_ENABLED=False, which turns X-Ray tracing off; keep it to tests and offline',
        'sets POWERTOOLS_LOG_LEVEL=silent, which silences every log line; keep it to tests and offline',
      ]);
    });

    it('accepts the deployed Powertools settings and values it cannot read', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').Environment = {
          Variables: {
            POWERTOOLS_LOG_LEVEL: 'INFO',
            POWERTOOLS_METRICS_DISABLED: 'false',
            POWERTOOLS_TRACE_ENABLED: 'true',
            POWERTOOLS_DEV: { Ref: 'DevMode' },
            NODE_OPTIONS: '--enable-source-maps',
          },
        };
      });
      expect(violations(template)).toEqual([]);
    });

    it('wants retention on every log group and a log group for every function', () => {
      const template = broken((t) => {
        delete props(t, 'MachineLogGroup').RetentionInDays;
        delete t.Resources.ReserveLogGroup;
      });
      expect(violations(template)).toEqual(['log-retention MachineLogGroup', 'log-retention ReserveLambdaFunction']);
    });

    it("accepts a function's LoggingConfig pointing at a log group of the template", () => {
      const template = broken((t) => {
        const p = props(t, 'ReserveLambdaFunction');
        delete p.FunctionName;
        p.LoggingConfig = { LogGroup: ref('ReserveLogGroup') };
      });
      expect(violations(template)).toEqual([]);
    });
  });
});
