/**
 * The CloudFormation template that `sls package` generates (offline), packaged once for every test
 * here: packaging runs the framework and esbuild over every function, the slowest step of the suite
 * (so in `npm run test:slow`; the template's rules themselves are unit-tested on small templates in
 * test/unit/template-check/, and `.ci/run` runs `npm run check:template` on both stages).
 *
 * - Deploy readiness: the rules `npm run check:template` applies (least privilege, encryption,
 *   logging, tracing, alarms, retained tables), and the command itself run as a process on it,
 *   with a stand-in cfn-lint (AWS's linter, a Python tool, runs in `.ci/run`'s check:template).
 * - The API's edge security: every HTTP API route has the JWT authorizer, the authorizer has the
 *   configured issuer and audience, the stage is throttled and CORS allows only the configured
 *   origins.
 *
 * It packages the production stage (`prod`, what check:template checks by default) in a private
 * copy of the project (sources and config; node_modules is linked): serverless-esbuild works in
 * `<project>/.esbuild`, which another `sls` command in the same directory (`sls invoke local` in
 * test/integration/cli, running in parallel) would delete under it.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { loadServices } from '../../tools/offline/services';
import { declaredErrors } from '../../tools/business-errors/declared';
import { DEFAULT_STAGE, packageTemplate, runTemplateCheck, type CheckRun } from '../../tools/template/check-template';
import { DEFAULT_TTL_TABLES, formatViolations, type TemplateResource } from '../../tools/template/template-check';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../support/processes';

interface ApiParams {
  jwtIssuer: string;
  jwtAudience: string;
  corsAllowedOrigins: string[];
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
}

const root = resolve(import.meta.dirname, '../..');
/** Not copied: dependencies (linked instead), VCS, and local state and build output. */
const NOT_COPIED = new Set(['node_modules', '.git', '.local', '.esbuild', '.serverless', 'coverage']);

let workDir: string;
let templateFile: string;
let run: CheckRun;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'order-processing-template-'));
  const project = join(workDir, 'project');
  cpSync(root, project, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(relative(root, source).split(sep)[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  const template = packageTemplate({ stage: DEFAULT_STAGE, root: project });
  templateFile = join(workDir, 'cloudformation-template-update-stack.json');
  writeFileSync(templateFile, JSON.stringify(template));
  run = runTemplateCheck(template, DEFAULT_STAGE, root);
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(() => {
  if (!workDir) return;
  // Unlink node_modules first: the recursive removal must never reach the real one.
  try {
    unlinkSync(join(workDir, 'project', 'node_modules'));
  } catch {
    // not linked (the copy failed early)
  }
  rmSync(workDir, { recursive: true, force: true });
});

const resourcesOfType = (type: string): [string, TemplateResource][] =>
  Object.entries(run.template.Resources ?? {}).filter(([, resource]) => resource.Type === type);

function single(type: string): [string, TemplateResource] {
  const found = resourcesOfType(type);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error(`no ${type} in the template`);
  return first;
}

describe('deploy readiness (npm run check:template)', () => {
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

  it('generates each function’s alarms under the logical ids and names they had when written by hand', async () => {
    // The functions that throw business errors that do not page (`thrownBy` of an error declared
    // with `alarms: false` in services/<name>/service.ts; their config says `alarms: { errorRate }`).
    const errorRate = declaredErrors(await loadServices(root))
      .filter((error) => !error.alarms)
      .flatMap((error) => error.thrownBy);
    expect(errorRate.length).toBeGreaterThan(0);
    const resources = run.template.Resources ?? {};
    for (const [id, fn] of resourcesOfType('AWS::Lambda::Function')) {
      const name = String(fn.Properties?.FunctionName); // order-processing-prod-<function>
      const errors = resources[id.replace(/LambdaFunction$/, 'ErrorsAlarm')]?.Properties;
      const throttles = resources[id.replace(/LambdaFunction$/, 'ThrottlesAlarm')]?.Properties;
      expect([errors?.AlarmName, throttles?.AlarmName]).toEqual([`${name}-errors`, `${name}-throttles`]);
      for (const alarm of [errors, throttles]) expect(alarm?.AlarmActions).toEqual([{ Ref: 'OpsAlertsTopic' }]);
      expect(throttles?.MetricName).toBe('Throttles');
      const isRate = errorRate.some((fnName) => name.endsWith(`-${fnName}`));
      expect([errors?.MetricName, errors?.Metrics === undefined]).toEqual(
        isRate ? [undefined, false] : ['Errors', true],
      );
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

  it(
    'passes `npm run check:template` on it (as a process), handing the template file to cfn-lint',
    () => {
      // A stand-in cfn-lint first on PATH (AWS's, a Python tool, runs in .ci/run's and the GitHub
      // workflow's `npm run check:template`; nothing in npm test needs Python). It records the file
      // it was given, which must be the template checked, and finds nothing.
      const bin = join(workDir, 'bin');
      const received = join(workDir, 'cfn-lint-received');
      mkdirSync(bin);
      writeFileSync(
        join(bin, 'cfn-lint'),
        `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "cfn-lint 0.0.0-stand-in"; exit 0; fi\necho "$1" > '${received}'\n`,
      );
      chmodSync(join(bin, 'cfn-lint'), 0o755);
      const check = spawnSync(
        'npm',
        ['run', '--silent', 'check:template', '--', '--stage', DEFAULT_STAGE, '--template', templateFile],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: PROCESS_TIMEOUT_MS,
          env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
        },
      );
      if (check.status !== 0) throw new Error(`exit ${String(check.status ?? check.signal)}\n${check.stderr}`);
      expect(check.stdout).toMatch(
        /^Template check OK \(.*; tables retained; cfn-lint 0\.0\.0-stand-in: no findings\): functions: \d+, /,
      );
      expect(readFileSync(received, 'utf8').trim()).toBe(templateFile);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

describe('API edge security', () => {
  /** The packaged stage's API parameters as serverless.yml sets them: its own block over `params.default`. */
  function apiParams(): ApiParams {
    const config = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
      params: Record<string, Partial<ApiParams> | undefined> & { default: ApiParams };
    };
    return { ...config.params.default, ...config.params[DEFAULT_STAGE] };
  }

  it('puts the JWT authorizer on every HTTP API route', () => {
    const [authorizerId] = single('AWS::ApiGatewayV2::Authorizer');
    const routes = resourcesOfType('AWS::ApiGatewayV2::Route');
    expect(routes.map(([, route]) => route.Properties?.RouteKey).sort()).toEqual(
      expect.arrayContaining([
        'GET /orders/{orderId}',
        'POST /orders',
        'POST /orders/{orderId}/cancel',
        'POST /orders/{orderId}/review',
      ]),
    );
    const unprotected = routes
      .filter(
        ([, route]) =>
          route.Properties?.AuthorizationType !== 'JWT' ||
          JSON.stringify(route.Properties.AuthorizerId) !== JSON.stringify({ Ref: authorizerId }),
      )
      .map(([logicalId, route]) => `${logicalId} (${String(route.Properties?.RouteKey)})`);
    expect(unprotected).toEqual([]);
  });

  it("configures the authorizer with the stage's issuer and audience, reading the bearer token", () => {
    const params = apiParams();
    const [, authorizer] = single('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: 'HttpApi' },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: params.jwtIssuer, Audience: [params.jwtAudience] },
    });
    expect(params.jwtIssuer).toMatch(/^https:\/\//);
  });

  it('throttles the stage with the configured rate and burst', () => {
    const params = apiParams();
    const [, stage] = single('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties?.DefaultRouteSettings).toEqual({
      DetailedMetricsEnabled: false,
      ThrottlingRateLimit: params.throttlingRateLimit,
      ThrottlingBurstLimit: params.throttlingBurstLimit,
    });
    expect(params.throttlingRateLimit).toBeGreaterThan(0);
    expect(params.throttlingBurstLimit).toBeGreaterThanOrEqual(params.throttlingRateLimit);
  });

  it('allows CORS from the configured origins only, with the headers the API reads', () => {
    const params = apiParams();
    const [, api] = single('AWS::ApiGatewayV2::Api');
    const cors = api.Properties?.CorsConfiguration as Record<string, unknown> | undefined;
    expect(cors?.AllowOrigins).toEqual(params.corsAllowedOrigins);
    expect(cors?.AllowOrigins).not.toContain('*');
    expect(cors?.AllowHeaders).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key']));
  });
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

  it('calls every Lambda function of a Task state through a published version (the saga and its Express children)', () => {
    const machines = resourcesOfType('AWS::StepFunctions::StateMachine');
    expect(machines[0]?.[0]).toBe('OrderProcessingStateMachine');
    const called = machines.flatMap(([, machine]) => {
      const [text, variables] = (machine.Properties?.DefinitionString as unknown as Sub)['Fn::Sub'];
      const definition = JSON.parse(text) as { States: Record<string, Record<string, unknown>> };
      return tasks(definition.States)
        .map((task) => {
          // JSONata names the function in Arguments (JSONPath: Parameters).
          const parameters = (task.Arguments ?? task.Parameters) as Record<string, unknown> | undefined;
          return String(
            String(task.Resource).startsWith('arn:aws:states:::lambda:invoke')
              ? parameters?.FunctionName
              : task.Resource,
          );
        })
        .filter((target) => !target.startsWith('arn:aws:states:::'))
        .map((target) => [target, variables[/^\$\{([^}]+)\}$/.exec(target)?.[1] ?? '']?.Ref ?? ''] as const);
    });
    expect(called.length).toBeGreaterThanOrEqual(10);
    for (const [target, versionId] of called) {
      expect([target, resources()[versionId]?.Type]).toEqual([target, 'AWS::Lambda::Version']);
    }
  });

  it('lets the saga start its Express children (their published versions) with .sync, and nothing wider (stepfunctions-iam.html)', () => {
    const role = resources().OrderProcessingStateMachineRole?.Properties;
    const statements = (role?.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
    const versions = ['ReserveAndConfirm', 'CaptureAndShip', 'CompleteOrder'];
    const children = versions.map((id) => String(resources()[`${id}StateMachine`]?.Properties?.StateMachineName));
    const account = 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}';
    const nested = statements.filter((s) => /"(states|events):/.test(JSON.stringify(s.Action)));
    expect(nested).toEqual([
      {
        Effect: 'Allow',
        Action: ['states:StartExecution'],
        Resource: versions.map((id) => ({ Ref: `${id}StateMachineVersion` })),
      },
      {
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: children.map((name) => ({ 'Fn::Sub': [`${account}:execution:${name}:*`, {}] })),
      },
      {
        Effect: 'Allow',
        Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        Resource: [
          {
            'Fn::Sub': [
              'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
              {},
            ],
          },
        ],
      },
    ]);
    for (const id of versions) {
      expect(resources()[`${id}StateMachine`]?.Properties).toMatchObject({
        StateMachineType: 'EXPRESS',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      });
    }
  });

  it('lets the state machine role publish and send exactly where the JSONata Arguments do', () => {
    // serverless-step-functions read only Parameters for SNS and SQS (patches/serverless-step-functions+3.31.2.patch).
    const role = resources().OrderProcessingStateMachineRole?.Properties;
    const statements = (role?.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
    const granted = (action: string) => statements.filter((s) => JSON.stringify(s.Action) === `["${action}"]`);
    expect(granted('sns:Publish').map((s) => s.Resource)).toEqual([
      [{ Ref: 'OrderEventsTopic' }, { Ref: 'OpsAlertsTopic' }],
    ]);
    expect(granted('sqs:SendMessage').map((s) => s.Resource)).toEqual([
      [{ 'Fn::GetAtt': ['CompensationDeadLetterQueue', 'Arn'] }],
    ]);
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
    // No other function may start executions but importOrder (a bulk-import line, through the same
    // alias); the saga's own role starts only its Express children (above), the bulk import's only its
    // Distributed Map's children.
    const starters = resourcesOfType('AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r).includes('states:StartExecution'),
    );
    expect(starters.map(([id]) => id).sort()).toEqual([
      'BulkImportStateMachineRole',
      'CreateOrderIamRoleLambdaExecution',
      'ImportOrderIamRoleLambdaExecution',
      'OrderProcessingStateMachineRole',
    ]);
    const importOrder = resources().ImportOrderLambdaFunction?.Properties;
    expect(
      (importOrder?.Environment as { Variables: Record<string, unknown> }).Variables.ORDER_STATE_MACHINE_ARN,
    ).toEqual({
      Ref: 'OrderProcessingStateMachineAlias',
    });
  });
});
