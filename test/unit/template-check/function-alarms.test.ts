/**
 * The per-function alarms generated at package time (tools/template/function-alarms.ts): every
 * function in the service gets them, a new one included, with no edit of ops/serverless.yml; the
 * alarm rules of the template check accept what is generated.
 */
import { readFileSync } from 'node:fs';
import { parse, type ScalarTag } from 'yaml';
import { checkTemplate, type Template, type TemplateResource } from '../../../tools/template/template-check';
import {
  addFunctionAlarms,
  alarmBodies,
  functionAlarms,
  type AlarmNaming,
  type ServerlessLike,
} from '../../../tools/template/function-alarms';
import { lambda } from './fixture';

/**
 * The bodies exactly as ops/serverless.yml declares them (`!Ref X` read as `{ Ref: X }`; the other
 * tags, in its `resources`, are not read here).
 */
const refTag: ScalarTag = { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) };
const ops = parse(readFileSync('ops/serverless.yml', 'utf8'), {
  customTags: [refTag],
  merge: true,
  logLevel: 'error',
}) as {
  functionAlarms: unknown;
};
const bodies = alarmBodies(ops.functionAlarms);

/** The framework's naming: `award-points` → `AwardDashpoints`, its function `AwardDashpointsLambdaFunction`. */
const naming: AlarmNaming = {
  getNormalizedFunctionName: (name) => {
    const normalized = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
    return normalized.charAt(0).toUpperCase() + normalized.slice(1);
  },
  getLambdaLogicalId: (name) => `${naming.getNormalizedFunctionName(name)}LambdaFunction`,
};

function fakeServerless(functions: Record<string, unknown>, resources: unknown = []) {
  const template: Record<string, unknown> = {};
  const serverless: ServerlessLike = {
    service: {
      service: 'order-processing',
      custom: { functionAlarms: ops.functionAlarms },
      functions,
      resources,
      provider: { compiledCloudFormationTemplate: { Resources: template } },
    },
    getProvider: () => ({ getStage: () => 'dev', naming }),
  };
  return { serverless, template };
}

const props = (resources: Record<string, TemplateResource>, id: string) => resources[id]?.Properties ?? {};

describe('function alarms', () => {
  it('gives a new function its Errors and Throttles alarms to the ops topic, with no ops edit', () => {
    const { serverless, template } = fakeServerless({
      awardPoints: { handler: 'services/loyalty/handlers/award.handler' },
    });
    expect(addFunctionAlarms(serverless)).toEqual(['AwardPointsErrorsAlarm', 'AwardPointsThrottlesAlarm']);
    const resources = template as Record<string, TemplateResource>;
    const dimension = [{ Name: 'FunctionName', Value: { Ref: 'AwardPointsLambdaFunction' } }];
    expect(props(resources, 'AwardPointsErrorsAlarm')).toEqual({
      ...bodies.errors,
      AlarmName: 'order-processing-dev-awardPoints-errors',
      Dimensions: dimension,
    });
    expect(props(resources, 'AwardPointsThrottlesAlarm')).toEqual({
      ...bodies.throttles,
      AlarmName: 'order-processing-dev-awardPoints-throttles',
      Dimensions: dimension,
    });
    for (const id of ['AwardPointsErrorsAlarm', 'AwardPointsThrottlesAlarm']) {
      expect(resources[id]?.Type).toBe('AWS::CloudWatch::Alarm');
      expect(props(resources, id).AlarmActions).toEqual([{ Ref: 'OpsAlertsTopic' }]);
      expect(props(resources, id).OKActions).toEqual([{ Ref: 'OpsAlertsTopic' }]);
    }
  });

  it('satisfies the alarm rules of the template check for every function', () => {
    const functions = {
      awardPoints: {},
      'redeem-points': {},
      reserveInventory: { alarms: { errorRate: ['OutOfStock'] } },
    };
    const template: Template & { Resources: Record<string, TemplateResource> } = {
      Resources: {
        OpsAlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'OpsAlertsKey' } } },
        ...Object.fromEntries(
          Object.keys(functions).map((name) => [naming.getLambdaLogicalId(name), lambda(name, 'loyalty', 'Role')]),
        ),
      },
    };
    const alarmRules = () => checkTemplate(template).filter((violation) => violation.rule.startsWith('alarm-'));
    expect(alarmRules()).toHaveLength(6);
    Object.assign(template.Resources, functionAlarms({ functions, bodies, namePrefix: 'app-dev', naming }));
    expect(alarmRules()).toEqual([]);
    expect(Object.keys(template.Resources)).toEqual(
      expect.arrayContaining(['RedeemDashpointsErrorsAlarm', 'RedeemDashpointsThrottlesAlarm']),
    );
  });

  it('watches the error rate of a function that declares its business errors', () => {
    const functions = { reserveInventory: { alarms: { errorRate: ['OutOfStock', 'SkuUnknown'] } } };
    const resources = functionAlarms({ functions, bodies, namePrefix: 'order-processing-dev', naming });
    const errors = props(resources, 'ReserveInventoryErrorsAlarm');
    expect(errors.AlarmName).toBe('order-processing-dev-reserveInventory-errors');
    expect(errors.AlarmDescription).toBe(
      'More than half of the invocations failed in 5 minutes (at least 10), OutOfStock, SkuUnknown included. ' +
        'Its log group has the errors with the orderId.',
    );
    expect(errors.Dimensions).toBeUndefined();
    expect(errors.Threshold).toBe(0.5);
    const dimension = [{ Name: 'FunctionName', Value: { Ref: 'ReserveInventoryLambdaFunction' } }];
    expect(errors.Metrics).toEqual([
      expect.objectContaining({
        Id: 'errors',
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({ MetricName: 'Errors', Dimensions: dimension }),
        }),
      }),
      expect.objectContaining({
        Id: 'invocations',
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({ MetricName: 'Invocations', Dimensions: dimension }),
        }),
      }),
      expect.objectContaining({ Id: 'errorRate', Expression: 'IF(invocations >= 10, errors / invocations, 0)' }),
    ]);
    // Its throttles alarm is the usual one; the shared bodies are not changed.
    expect(props(resources, 'ReserveInventoryThrottlesAlarm').MetricName).toBe('Throttles');
    expect(JSON.stringify(bodies.errorRate)).not.toContain('ReserveInventoryLambdaFunction');
  });

  it('refuses a hand-written alarm under a generated logical id (it would be merged into the generated one)', () => {
    const handWritten = [{ Resources: { CreateOrderErrorsAlarm: { Type: 'AWS::CloudWatch::Alarm' } } }];
    const { serverless, template } = fakeServerless({ createOrder: {} }, handWritten);
    expect(() => addFunctionAlarms(serverless)).toThrow(/^CreateOrderErrorsAlarm: generated for every function/);
    expect(template).toEqual({});
  });

  it('refuses settings it does not know, and a missing body', () => {
    const generate = (functions: Record<string, unknown>) => () =>
      functionAlarms({ functions, bodies, namePrefix: 'app-dev', naming });
    expect(generate({ f: { alarms: { errorRates: ['X'] } } })).toThrow(
      'functions.f.alarms: unknown setting errorRates',
    );
    expect(generate({ f: { alarms: { errorRate: [] } } })).toThrow('functions.f.alarms.errorRate must list');
    expect(generate({ f: { alarms: ['errors'] } })).toThrow('functions.f.alarms must be a mapping');
    expect(() => alarmBodies({ errors: {}, throttles: {} })).toThrow('custom.functionAlarms.errorRate is missing');
    expect(() => alarmBodies(undefined)).toThrow('custom.functionAlarms is missing');
  });
});
