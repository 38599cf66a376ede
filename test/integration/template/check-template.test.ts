import { resolve } from 'node:path';
import {
  DEFAULT_STAGE,
  packageTemplate,
  runTemplateCheck,
  type CheckRun,
} from '../../../tools/template/check-template';
import { loadServerlessConfig } from '../../../local/serverless-config';
import { DEFAULT_TTL_TABLES, formatViolations, type TemplateResource } from '../../../tools/template/template-check';

/**
 * Packages the real service once (`sls package --stage prod`, offline) and checks the generated
 * CloudFormation template: the same thing `npm run check:template` does.
 */
const root = resolve(__dirname, '../../..');
let run: CheckRun;

beforeAll(() => {
  run = runTemplateCheck(packageTemplate({ stage: DEFAULT_STAGE, root }), DEFAULT_STAGE, root);
}, 240_000);

const resourcesOfType = (type: string): [string, TemplateResource][] =>
  Object.entries(run.template.Resources ?? {}).filter(([, resource]) => resource.Type === type);

it('finds no violation of the deploy-readiness rules in the packaged template', () => {
  expect(formatViolations(run.violations)).toBe('');
});

it('checks the production stage, whose tables are retained', () => {
  expect(run.retainData).toBe(true);
  const tables = resourcesOfType('AWS::DynamoDB::Table');
  expect(tables.length).toBeGreaterThanOrEqual(5);
  for (const [, table] of tables) expect(table.DeletionPolicy).toBe('Retain');
});

it('leaves the framework’s shared Lambda role out and gives every function its own role and alarms', () => {
  // Removed by the packaging hook (tools/template/tidy-template.ts), not hidden behind a condition.
  expect(run.template.Resources?.IamRoleLambdaExecution).toBeUndefined();
  expect(run.template.Conditions).toBeUndefined();
  const functions = resourcesOfType('AWS::Lambda::Function');
  expect(functions.length).toBeGreaterThan(0);
  expect(resourcesOfType('AWS::CloudWatch::Alarm').length).toBeGreaterThanOrEqual(2 * functions.length + 3);
});

it('generates each function’s alarms under the logical ids and names they had when written by hand', () => {
  // The functions that throw business errors on purpose (`alarms: { errorRate: [...] }` in their config).
  const errorRate = ['reserveInventory', 'authorizePayment', 'createShipment'];
  const resources = run.template.Resources ?? {};
  for (const [id, fn] of resourcesOfType('AWS::Lambda::Function')) {
    const name = String(fn.Properties?.FunctionName); // order-processing-prod-<function>
    const errors = resources[id.replace(/LambdaFunction$/, 'ErrorsAlarm')]?.Properties;
    const throttles = resources[id.replace(/LambdaFunction$/, 'ThrottlesAlarm')]?.Properties;
    expect([errors?.AlarmName, throttles?.AlarmName]).toEqual([`${name}-errors`, `${name}-throttles`]);
    for (const alarm of [errors, throttles]) expect(alarm?.AlarmActions).toEqual([{ Ref: 'OpsAlertsTopic' }]);
    expect(throttles?.MetricName).toBe('Throttles');
    const isRate = errorRate.some((fnName) => name.endsWith(`-${fnName}`));
    expect([errors?.MetricName, errors?.Metrics === undefined]).toEqual(isRate ? [undefined, false] : ['Errors', true]);
  }
});

it('resolves the per-stage DeletionPolicy offline as the framework does (Retain on prod, Delete elsewhere)', () => {
  const policy = (stage: string) => loadServerlessConfig({ root, stage }).resources.OrdersTable?.DeletionPolicy;
  expect(policy('prod')).toBe('Retain');
  expect(policy('dev')).toBe('Delete');
  // TTL only where the code writes an expiry (the check's DEFAULT_TTL_TABLES): notifications, not orders.
  const { resources } = loadServerlessConfig({ root, stage: 'dev' });
  expect(resources.NotificationsTable?.Properties?.TimeToLiveSpecification).toEqual({
    AttributeName: DEFAULT_TTL_TABLES.NotificationsTable,
    Enabled: true,
  });
  expect(resources.OrdersTable?.Properties?.TimeToLiveSpecification).toBeUndefined();
});

describe('deploys that running executions survive (docs/deploy.md)', () => {
  type Sub = { 'Fn::Sub': [string, Record<string, { Ref?: string }>] };
  const resources = () => run.template.Resources ?? {};

  /** Every Task state of a definition (branches included). */
  function tasks(states: Record<string, Record<string, unknown>>): Record<string, unknown>[] {
    return Object.values(states).flatMap((state) => [
      ...(state.Type === 'Task' ? [state] : []),
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []).flatMap((b) =>
        tasks(b.States),
      ),
    ]);
  }

  it('calls every Lambda function of a Task state through a published version', () => {
    const [machineId, machine] = resourcesOfType('AWS::StepFunctions::StateMachine')[0] ?? [];
    expect(machineId).toBe('OrderProcessingStateMachine');
    const [text, variables] = (machine?.Properties?.DefinitionString as unknown as Sub)['Fn::Sub'];
    const definition = JSON.parse(text) as { States: Record<string, Record<string, unknown>> };
    const lambdaTasks = tasks(definition.States).map((task) => {
      const parameters = task.Parameters as Record<string, unknown> | undefined;
      return String(
        String(task.Resource).startsWith('arn:aws:states:::lambda:invoke') ? parameters?.FunctionName : task.Resource,
      );
    });
    const called = lambdaTasks.filter((target) => !target.startsWith('arn:aws:states:::'));
    expect(called.length).toBeGreaterThanOrEqual(10);
    for (const target of called) {
      const variable = /^\$\{([^}]+)\}$/.exec(target)?.[1] ?? '';
      const versionId = variables[variable]?.Ref ?? '';
      expect([target, resources()[versionId]?.Type]).toEqual([target, 'AWS::Lambda::Version']);
    }
  });

  it('publishes the state machine as a retained version behind the live alias', () => {
    const [[versionId, version] = []] = resourcesOfType('AWS::StepFunctions::StateMachineVersion');
    expect(version?.Properties?.StateMachineArn).toEqual({ Ref: 'OrderProcessingStateMachine' });
    expect([version?.DeletionPolicy, version?.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const [[, alias] = []] = resourcesOfType('AWS::StepFunctions::StateMachineAlias');
    expect(alias?.Properties).toMatchObject({
      Name: 'live',
      RoutingConfiguration: [{ StateMachineVersionArn: { Ref: versionId }, Weight: 100 }],
    });
  });

  it('lets createOrder start executions only through the alias, and hands it the alias ARN', () => {
    const fn = resources().CreateOrderLambdaFunction?.Properties;
    const variables = (fn?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.ORDER_STATE_MACHINE_ARN).toEqual({ Ref: 'OrderProcessingStateMachineAlias' });
    const role = resources().CreateOrderIamRoleLambdaExecution?.Properties;
    const statements = (role?.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
    const states = statements.filter((statement) => JSON.stringify(statement.Action).includes('states:'));
    expect(states).toEqual([
      {
        Effect: 'Allow',
        Action: ['states:StartExecution'],
        Resource: { Ref: 'OrderProcessingStateMachine' },
        Condition: { StringEquals: { 'states:StateMachineQualifier': 'live' } },
      },
    ]);
    // No other function may start executions.
    const starters = resourcesOfType('AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r).includes('states:StartExecution'),
    );
    expect(starters.map(([id]) => id)).toEqual(['CreateOrderIamRoleLambdaExecution']);
  });
});
