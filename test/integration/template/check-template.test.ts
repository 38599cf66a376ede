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
  expect(run.template.Resources?.IamRoleLambdaExecution?.Condition).toBe('NeverDeployed');
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
