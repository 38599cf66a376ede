/**
 * Deploy-readiness rules for the CloudFormation template that `sls package` generates: least
 * privilege, data protection, encryption, logging, tracing and alarms. A pure function of the
 * template (no AWS, no file system), so every rule is unit-tested with small hand-made templates
 * (test/unit/template-check.test.ts); `npm run check:template` (tools/template/check-template.ts) runs it on
 * the packaged template.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface TemplateResource {
  Type: string;
  Properties?: JsonObject;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: Json | undefined;
}

export interface Template {
  Resources?: Record<string, TemplateResource>;
  Conditions?: JsonObject;
  [key: string]: Json | Record<string, TemplateResource> | undefined;
}

export type Rule =
  | 'iam-own-role'
  | 'iam-unused-role'
  | 'iam-wildcard-action'
  | 'iam-wildcard-resource'
  | 'iam-table-owner'
  | 'iam-xray'
  | 'iam-state-machine'
  | 'data-billing'
  | 'data-pitr'
  | 'data-retain'
  | 'data-ttl'
  | 'encryption'
  | 'sfn-logging'
  | 'sfn-tracing'
  | 'lambda-tracing'
  | 'observability-off'
  | 'log-retention'
  | 'alarm-actions'
  | 'alarm-executions-failed'
  | 'alarm-dead-letter-queue'
  | 'alarm-lambda-errors'
  | 'alarm-lambda-throttles';

export interface Violation {
  rule: Rule;
  /** Logical id of the resource at fault. */
  resource: string;
  message: string;
}

export interface CheckOptions {
  /** Production stage: every table must be retained on stack deletion and replacement. */
  retainData?: boolean;
  /**
   * Tables (logical ids) whose records the code gives an expiry, with the attribute it writes (epoch
   * seconds): TTL must be enabled on exactly that attribute. Any other table must not have TTL
   * enabled: nothing would expire, and the template would promise a retention the data lacks.
   */
  ttlTables?: Readonly<Record<string, string>>;
}

/** The notification records carry `expiresAt` (services/notification/domain/notify.ts, notificationExpiresAt). */
export const DEFAULT_TTL_TABLES: Readonly<Record<string, string>> = { NotificationsTable: 'expiresAt' };

/**
 * Actions that have no resource-level permissions: IAM only accepts them on Resource '*'.
 * Anything else on '*' is a violation.
 */
export const WILDCARD_RESOURCE_ACTIONS: ReadonlySet<string> = new Set([
  // X-Ray trace upload and sampling (Lambda and Step Functions active tracing).
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // CloudWatch Logs vended-log delivery, which Step Functions logging uses.
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  // Task-token callbacks: the token is the capability, there is no resource to name.
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
]);

/** What a state machine role may grant besides WILDCARD_RESOURCE_ACTIONS, each on what its definition uses. */
const STATE_MACHINE_ACTIONS: ReadonlySet<string> = new Set([
  'lambda:InvokeFunction',
  'sns:Publish',
  'sqs:SendMessage',
  'kms:GenerateDataKey',
  'kms:Decrypt',
]);

/** Step Functions log levels that record failed executions. */
const FAILURE_LOG_LEVELS: ReadonlySet<Json> = new Set(['ALL', 'ERROR', 'FATAL']);

/** How Powertools reads a boolean variable (`getBooleanFromEnv` with extended parsing). */
const isTruthy = (value: string) => ['1', 'y', 'yes', 't', 'true', 'on'].includes(value.toLowerCase());
const isFalsy = (value: string) => ['0', 'n', 'no', 'f', 'false', 'off'].includes(value.toLowerCase());

/**
 * Function environment settings that switch Powertools observability off. They are right for the
 * tests and the offline runtime (test/support/env.ts), never in a deployed function.
 */
export const OBSERVABILITY_OFF: readonly { variable: string; off: (value: string) => boolean; effect: string }[] = [
  { variable: 'POWERTOOLS_METRICS_DISABLED', off: isTruthy, effect: 'drops every metric' },
  { variable: 'POWERTOOLS_DEV', off: isTruthy, effect: 'drops every metric and pretty-prints the logs' },
  { variable: 'POWERTOOLS_TRACE_ENABLED', off: isFalsy, effect: 'turns X-Ray tracing off' },
  {
    variable: 'POWERTOOLS_LOG_LEVEL',
    off: (value) => value.toUpperCase() === 'SILENT',
    effect: 'silences every log line',
  },
];

// ---------------------------------------------------------------------------------------------
// Template helpers

const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

const asArray = (value: Json | undefined): Json[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const strings = (value: Json | undefined): string[] =>
  asArray(value).filter((item): item is string => typeof item === 'string');

/** Statically evaluates a condition; anything it cannot decide counts as true (deployed). */
function conditionHolds(template: Template, name: string, seen: Set<string> = new Set()): boolean {
  if (seen.has(name)) return true;
  seen.add(name);
  const evaluate = (value: Json | undefined): boolean => {
    if (!isObject(value)) return true;
    const [key] = Object.keys(value);
    const arg = key === undefined ? undefined : value[key];
    switch (key) {
      case 'Fn::Equals': {
        const [left, right] = asArray(arg);
        if (typeof left === 'string' && typeof right === 'string') return left === right;
        return true;
      }
      case 'Fn::Not':
        return !evaluate(asArray(arg)[0]);
      case 'Fn::And':
        return asArray(arg).every(evaluate);
      case 'Fn::Or':
        return asArray(arg).some(evaluate);
      case 'Condition':
        return typeof arg === 'string' ? conditionHolds(template, arg, seen) : true;
      default:
        return true;
    }
  };
  return evaluate(template.Conditions?.[name]);
}

/** The resources CloudFormation would create (a statically false Condition leaves one out). */
function deployedResources(template: Template): Map<string, TemplateResource> {
  const deployed = new Map<string, TemplateResource>();
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (typeof resource.Condition === 'string' && !conditionHolds(template, resource.Condition)) continue;
    deployed.set(id, resource);
  }
  return deployed;
}

/** Logical ids referenced by Ref, Fn::GetAtt and Fn::Sub anywhere in a value. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string') {
        if (!item.startsWith('AWS::')) into.add(item);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(item) ? item[0] : typeof item === 'string' ? item.split('.')[0] : undefined;
        if (typeof target === 'string') into.add(target);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(item) ? item : [item, undefined];
        if (typeof text === 'string') {
          const local = isObject(variables) ? new Set(Object.keys(variables)) : new Set<string>();
          for (const match of text.matchAll(/\$\{([^}!]+)\}/g)) {
            const name = (match[1] ?? '').split('.')[0] ?? '';
            if (name && !name.startsWith('AWS::') && !local.has(name)) into.add(name);
          }
        }
        referencedIds(variables, into);
      } else {
        referencedIds(item, into);
      }
    }
  }
  return into;
}

interface Statement {
  effect: string;
  actions: string[];
  /** Each Resource entry as written (string or intrinsic). */
  resources: Json[];
  hasNotAction: boolean;
  hasNotResource: boolean;
}

function readStatements(document: Json | undefined): Statement[] {
  if (!isObject(document)) return [];
  return asArray(document.Statement)
    .filter(isObject)
    .map((statement) => ({
      effect: String(statement.Effect ?? ''),
      actions: strings(statement.Action),
      resources: asArray(statement.Resource),
      hasNotAction: statement.NotAction !== undefined,
      hasNotResource: statement.NotResource !== undefined,
    }));
}

/** Every statement a role grants: its inline policies and the AWS::IAM::Policy resources attached to it. */
function roleStatements(roleId: string, resources: Map<string, TemplateResource>): Statement[] {
  const role = resources.get(roleId);
  const statements: Statement[] = [];
  for (const policy of asArray(role?.Properties?.Policies)) {
    if (isObject(policy)) statements.push(...readStatements(policy.PolicyDocument));
  }
  for (const resource of resources.values()) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    if (referencedIds(resource.Properties?.Roles).has(roleId)) {
      statements.push(...readStatements(resource.Properties?.PolicyDocument));
    }
  }
  return statements;
}

const allows = (statements: Statement[]) => statements.filter((statement) => statement.effect === 'Allow');

/** The role logical id of `{ "Fn::GetAtt": [Role, "Arn"] }`. */
function roleIdOf(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const getAtt = value['Fn::GetAtt'];
  const target = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
  return typeof target === 'string' ? target : undefined;
}

const ofType = (resources: Map<string, TemplateResource>, type: string): [string, TemplateResource][] =>
  [...resources].filter(([, resource]) => resource.Type === type);

/** `services/<name>/handlers/x.handler` → `<name>`. */
function serviceOf(fn: TemplateResource): string {
  const handler = fn.Properties?.Handler;
  const match = typeof handler === 'string' ? /^services\/([^/]+)\//.exec(handler) : null;
  return match?.[1] ?? String(handler ?? '?');
}

interface WatchedMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, Json>;
}

function metricFrom(namespace: Json | undefined, name: Json | undefined, dimensions: Json | undefined): WatchedMetric {
  const dims: Record<string, Json> = {};
  for (const dimension of asArray(dimensions)) {
    if (isObject(dimension) && typeof dimension.Name === 'string') dims[dimension.Name] = dimension.Value ?? null;
  }
  return { namespace: String(namespace ?? ''), name: String(name ?? ''), dimensions: dims };
}

/** The metrics an alarm watches: its own metric or those of its metric-math query. */
function watchedMetrics(alarm: TemplateResource): WatchedMetric[] {
  const props = alarm.Properties ?? {};
  if (props.MetricName !== undefined) return [metricFrom(props.Namespace, props.MetricName, props.Dimensions)];
  return asArray(props.Metrics).flatMap((query) => {
    if (!isObject(query) || !isObject(query.MetricStat) || !isObject(query.MetricStat.Metric)) return [];
    const metric = query.MetricStat.Metric;
    return [metricFrom(metric.Namespace, metric.MetricName, metric.Dimensions)];
  });
}

// ---------------------------------------------------------------------------------------------
// The rules

interface Context {
  template: Template;
  resources: Map<string, TemplateResource>;
  options: Required<CheckOptions>;
  violations: Violation[];
}

const report = (ctx: Context, rule: Rule, resource: string, message: string) =>
  ctx.violations.push({ rule, resource, message });

function checkRoles(ctx: Context): void {
  const { resources } = ctx;
  const users = new Map<string, string[]>();
  const use = (roleId: string, user: string) => users.set(roleId, [...(users.get(roleId) ?? []), user]);

  for (const [id, fn] of ofType(resources, 'AWS::Lambda::Function')) {
    const roleId = roleIdOf(fn.Properties?.Role);
    if (!roleId || resources.get(roleId)?.Type !== 'AWS::IAM::Role') {
      const what = roleId && ctx.template.Resources?.[roleId] ? `role ${roleId}, which is not deployed` : 'no role';
      report(ctx, 'iam-own-role', id, `uses ${what} of this template; give the function iamRoleStatements`);
      continue;
    }
    use(roleId, id);
  }
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const roleId = roleIdOf(machine.Properties?.RoleArn);
    if (roleId) use(roleId, id);
  }
  for (const [roleId, roleUsers] of users) {
    if (roleUsers.length > 1) {
      report(ctx, 'iam-own-role', roleId, `is shared by ${roleUsers.join(', ')}; every function needs its own role`);
    }
  }

  for (const [roleId] of ofType(resources, 'AWS::IAM::Role')) {
    const usedBy = [...resources].some(
      ([id, resource]) =>
        id !== roleId &&
        resource.Type !== 'AWS::IAM::Policy' &&
        resource.Type !== 'AWS::IAM::ManagedPolicy' &&
        referencedIds(resource).has(roleId),
    );
    if (!usedBy) report(ctx, 'iam-unused-role', roleId, 'is deployed but nothing uses it; remove it');
  }

  for (const [roleId] of ofType(resources, 'AWS::IAM::Role')) {
    for (const statement of allows(roleStatements(roleId, resources))) {
      if (statement.hasNotAction || statement.hasNotResource) {
        report(ctx, 'iam-wildcard-action', roleId, 'allows NotAction/NotResource; name the actions and resources');
      }
      const wildcards = statement.actions.filter((action) => action.includes('*'));
      if (wildcards.length > 0) {
        report(ctx, 'iam-wildcard-action', roleId, `allows wildcard actions ${wildcards.join(', ')}`);
      }
      if (statement.resources.some((resource) => resource === '*')) {
        const needless = statement.actions.filter((action) => !WILDCARD_RESOURCE_ACTIONS.has(action));
        if (needless.length > 0) {
          report(ctx, 'iam-wildcard-resource', roleId, `allows ${needless.join(', ')} on Resource '*'`);
        }
      }
    }
  }
}

function checkFunctionPermissions(ctx: Context): void {
  const { resources } = ctx;
  const tableUsers = new Map<string, Set<string>>();
  for (const [id, fn] of ofType(resources, 'AWS::Lambda::Function')) {
    const roleId = roleIdOf(fn.Properties?.Role);
    if (!roleId || !resources.has(roleId)) continue;
    const statements = allows(roleStatements(roleId, resources));

    const tables = new Set<string>();
    for (const statement of statements) {
      for (const ref of referencedIds(statement.resources)) {
        if (resources.get(ref)?.Type === 'AWS::DynamoDB::Table') tables.add(ref);
      }
    }
    if (tables.size > 1) {
      report(
        ctx,
        'iam-table-owner',
        id,
        `can access ${[...tables].join(', ')}; a function uses only its service's table`,
      );
    }
    for (const table of tables) tableUsers.set(table, (tableUsers.get(table) ?? new Set()).add(serviceOf(fn)));

    if (isObject(fn.Properties?.TracingConfig) && fn.Properties.TracingConfig.Mode === 'Active') {
      const granted = new Set(statements.flatMap((statement) => statement.actions));
      const missing = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'].filter((action) => !granted.has(action));
      if (missing.length > 0) {
        report(ctx, 'iam-xray', id, `is traced but its role ${roleId} lacks ${missing.join(', ')} (deploy would fail)`);
      }
    }
  }
  for (const [table, services] of tableUsers) {
    if (services.size > 1) {
      report(
        ctx,
        'iam-table-owner',
        table,
        `is accessed by the services ${[...services].join(', ')}; a table has one owner`,
      );
    }
  }
}

function checkStateMachineRoles(ctx: Context): void {
  const { resources } = ctx;
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const roleId = roleIdOf(machine.Properties?.RoleArn);
    if (!roleId || !resources.has(roleId)) continue;
    const used = referencedIds(machine.Properties?.DefinitionString);
    // Keys that encrypt what the definition publishes to.
    const keys = new Set<string>();
    for (const ref of used) {
      for (const key of referencedIds(resources.get(ref)?.Properties?.KmsMasterKeyId)) keys.add(key);
    }
    const invocable = new Set<string>();
    for (const statement of allows(roleStatements(roleId, resources))) {
      for (const action of statement.actions) {
        if (WILDCARD_RESOURCE_ACTIONS.has(action)) continue;
        if (!STATE_MACHINE_ACTIONS.has(action)) {
          report(ctx, 'iam-state-machine', roleId, `grants ${action}, which no state of ${id} needs`);
          continue;
        }
        for (const resource of statement.resources) {
          if (resource === '*') continue; // reported by iam-wildcard-resource
          const refs = referencedIds(resource);
          const allowed = action.startsWith('kms:') ? keys : used;
          const outside = [...refs].filter((ref) => !allowed.has(ref));
          if (refs.size === 0 || outside.length > 0) {
            const target = outside.length > 0 ? outside.join(', ') : JSON.stringify(resource);
            report(ctx, 'iam-state-machine', roleId, `grants ${action} on ${target}, which ${id} does not use`);
          }
          if (action === 'lambda:InvokeFunction') for (const ref of refs) invocable.add(ref);
        }
      }
    }
    for (const ref of used) {
      if (resources.get(ref)?.Type === 'AWS::Lambda::Function' && !invocable.has(ref)) {
        report(ctx, 'iam-state-machine', roleId, `cannot invoke ${ref}, which ${id} calls`);
      }
    }
  }
}

function checkData(ctx: Context): void {
  const { resources, options } = ctx;
  for (const [id, table] of ofType(resources, 'AWS::DynamoDB::Table')) {
    const props = table.Properties ?? {};
    if (props.BillingMode !== 'PAY_PER_REQUEST') report(ctx, 'data-billing', id, 'is not PAY_PER_REQUEST');
    if (!isObject(props.SSESpecification) || props.SSESpecification.SSEEnabled !== true) {
      report(ctx, 'encryption', id, 'has no SSESpecification.SSEEnabled: true');
    }
    if (
      !isObject(props.PointInTimeRecoverySpecification) ||
      props.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled !== true
    ) {
      report(ctx, 'data-pitr', id, 'has no point-in-time recovery');
    }
    if (options.retainData) {
      if (table.DeletionPolicy !== 'Retain' || table.UpdateReplacePolicy !== 'Retain') {
        report(ctx, 'data-retain', id, 'needs DeletionPolicy and UpdateReplacePolicy Retain on a production stage');
      }
    } else if (table.DeletionPolicy === undefined) {
      report(ctx, 'data-retain', id, 'has no explicit DeletionPolicy (Retain on production stages)');
    }
    const ttl = props.TimeToLiveSpecification;
    const ttlAttribute = isObject(ttl) && ttl.Enabled === true ? String(ttl.AttributeName) : undefined;
    const expiresOn = Object.hasOwn(options.ttlTables, id) ? options.ttlTables[id] : undefined;
    if (expiresOn !== undefined && ttlAttribute === undefined) {
      report(ctx, 'data-ttl', id, `its records expire on ${expiresOn}, but no TimeToLiveSpecification is enabled`);
    } else if (expiresOn !== undefined && ttlAttribute !== expiresOn) {
      report(ctx, 'data-ttl', id, `has TTL on ${ttlAttribute}, but its records expire on ${expiresOn}`);
    } else if (expiresOn === undefined && ttlAttribute !== undefined) {
      report(ctx, 'data-ttl', id, `has TTL on ${ttlAttribute}, but no code writes an expiry to its records`);
    }
  }
  for (const id of Object.keys(options.ttlTables)) {
    if (!resources.has(id))
      report(ctx, 'data-ttl', id, 'is expected (it holds expiring records) but not in the template');
  }
}

function checkEncryption(ctx: Context): void {
  const { resources } = ctx;
  const alarmTopics = new Set<string>();
  for (const [, alarm] of ofType(resources, 'AWS::CloudWatch::Alarm')) {
    for (const ref of referencedIds(alarm.Properties?.AlarmActions)) alarmTopics.add(ref);
  }
  for (const [id, topic] of ofType(resources, 'AWS::SNS::Topic')) {
    const key = topic.Properties?.KmsMasterKeyId;
    if (key === undefined) {
      report(ctx, 'encryption', id, 'has no KmsMasterKeyId');
    } else if (alarmTopics.has(id) && typeof key === 'string' && key.startsWith('alias/aws/')) {
      report(ctx, 'encryption', id, `receives alarms but uses the AWS managed key ${key}, which CloudWatch cannot use`);
    }
  }
  for (const [id, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const props = queue.Properties ?? {};
    if (props.SqsManagedSseEnabled !== true && props.KmsMasterKeyId === undefined) {
      report(ctx, 'encryption', id, 'has neither SqsManagedSseEnabled nor KmsMasterKeyId');
    }
  }
  for (const [id, bucket] of ofType(resources, 'AWS::S3::Bucket')) {
    if (bucket.Properties?.BucketEncryption === undefined) report(ctx, 'encryption', id, 'has no BucketEncryption');
  }
}

function checkLoggingAndTracing(ctx: Context): void {
  const { resources } = ctx;
  const logGroups = ofType(resources, 'AWS::Logs::LogGroup');
  for (const [id, group] of logGroups) {
    if (typeof group.Properties?.RetentionInDays !== 'number') {
      report(ctx, 'log-retention', id, 'has no RetentionInDays (logs would be kept forever)');
    }
  }
  const groupNames = new Set(logGroups.map(([, group]) => group.Properties?.LogGroupName));
  for (const [id, fn] of ofType(resources, 'AWS::Lambda::Function')) {
    const props = fn.Properties ?? {};
    const tracing = props.TracingConfig;
    if (!isObject(tracing) || tracing.Mode !== 'Active')
      report(ctx, 'lambda-tracing', id, 'has no TracingConfig Mode Active');
    const variables = isObject(props.Environment) ? props.Environment.Variables : undefined;
    for (const { variable, off, effect } of OBSERVABILITY_OFF) {
      const value = isObject(variables) ? variables[variable] : undefined;
      if (typeof value === 'string' && off(value)) {
        report(
          ctx,
          'observability-off',
          id,
          `sets ${variable}=${value}, which ${effect}; keep it to tests and offline`,
        );
      }
    }
    const ownGroup = isObject(props.LoggingConfig) ? props.LoggingConfig.LogGroup : undefined;
    const hasGroup =
      typeof props.FunctionName === 'string'
        ? groupNames.has(`/aws/lambda/${props.FunctionName}`) || (ownGroup !== undefined && groupNames.has(ownGroup))
        : [...referencedIds(ownGroup)].some((ref) => resources.get(ref)?.Type === 'AWS::Logs::LogGroup');
    if (!hasGroup) {
      report(ctx, 'log-retention', id, 'has no log group in the template (Lambda would create one without retention)');
    }
  }
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const logging = machine.Properties?.LoggingConfiguration;
    const level = isObject(logging) ? logging.Level : undefined;
    const destinations = isObject(logging) ? asArray(logging.Destinations) : [];
    const toTemplateGroup = destinations.some((destination) =>
      [...referencedIds(destination)].some((ref) => resources.get(ref)?.Type === 'AWS::Logs::LogGroup'),
    );
    if (level === undefined || !FAILURE_LOG_LEVELS.has(level) || !toTemplateGroup) {
      report(
        ctx,
        'sfn-logging',
        id,
        'needs LoggingConfiguration with Level ALL/ERROR/FATAL and a log group of the template',
      );
    }
    const tracing = machine.Properties?.TracingConfiguration;
    if (!isObject(tracing) || tracing.Enabled !== true)
      report(ctx, 'sfn-tracing', id, 'has no TracingConfiguration Enabled');
  }
}

function checkAlarms(ctx: Context): void {
  const { resources } = ctx;
  const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
  const watched = alarms.map(([id, alarm]) => ({ id, alarm, metrics: watchedMetrics(alarm) }));
  const watches = (
    namespace: string,
    name: string,
    dimension: string,
    target: string,
    accept: (alarm: TemplateResource) => boolean = () => true,
  ) =>
    watched.some(
      ({ alarm, metrics }) =>
        accept(alarm) &&
        metrics.some(
          (metric) =>
            metric.namespace === namespace &&
            metric.name === name &&
            referencedIds(metric.dimensions[dimension]).has(target),
        ),
    );

  for (const [id, alarm] of alarms) {
    const topics = [...referencedIds(alarm.Properties?.AlarmActions)].filter(
      (ref) => resources.get(ref)?.Type === 'AWS::SNS::Topic',
    );
    if (topics.length === 0) report(ctx, 'alarm-actions', id, 'notifies no SNS topic of the template');
  }

  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const logGroups = referencedIds(machine.Properties?.LoggingConfiguration);
    // Metrics that a metric filter derives from ExecutionFailed events of this machine's log.
    const derived = ofType(resources, 'AWS::Logs::MetricFilter').flatMap(([, filter]) => {
      const props = filter.Properties ?? {};
      const onLog = [...referencedIds(props.LogGroupName)].some((ref) => logGroups.has(ref));
      if (!onLog || !String(props.FilterPattern ?? '').includes('ExecutionFailed')) return [];
      return asArray(props.MetricTransformations)
        .filter(isObject)
        .map((t) => `${String(t.MetricNamespace)}|${String(t.MetricName)}`);
    });
    const watchesDerived = watched.some(({ metrics }) =>
      metrics.some((metric) => derived.includes(`${metric.namespace}|${metric.name}`)),
    );
    if (!watchesDerived && !watches('AWS/States', 'ExecutionsFailed', 'StateMachineArn', id)) {
      report(ctx, 'alarm-executions-failed', id, 'has no alarm on failed executions');
    }
  }

  const deadLetterTargets = new Set<string>();
  for (const [, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const policy = queue.Properties?.RedrivePolicy;
    if (isObject(policy)) for (const ref of referencedIds(policy.deadLetterTargetArn)) deadLetterTargets.add(ref);
  }
  const alarmsOnAnyMessage = (alarm: TemplateResource) => {
    const { ComparisonOperator: operator, Threshold: threshold } = alarm.Properties ?? {};
    return (
      (operator === 'GreaterThanThreshold' && threshold === 0) ||
      (operator === 'GreaterThanOrEqualToThreshold' && threshold === 1)
    );
  };
  for (const [id, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const name = String(queue.Properties?.QueueName ?? '');
    const isDeadLetter = deadLetterTargets.has(id) || /dead.?letter|dlq/i.test(`${id} ${name}`);
    if (
      isDeadLetter &&
      !watches('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', id, alarmsOnAnyMessage)
    ) {
      report(ctx, 'alarm-dead-letter-queue', id, 'is a dead-letter queue without an alarm on depth > 0');
    }
  }

  for (const [id] of ofType(resources, 'AWS::Lambda::Function')) {
    if (!watches('AWS/Lambda', 'Errors', 'FunctionName', id))
      report(ctx, 'alarm-lambda-errors', id, 'has no Errors alarm');
    if (!watches('AWS/Lambda', 'Throttles', 'FunctionName', id)) {
      report(ctx, 'alarm-lambda-throttles', id, 'has no Throttles alarm');
    }
  }
}

/** Every violation of the deploy-readiness rules, in rule order; empty when the template is ready. */
export function checkTemplate(template: Template, options: CheckOptions = {}): Violation[] {
  const ctx: Context = {
    template,
    resources: deployedResources(template),
    options: { retainData: options.retainData ?? false, ttlTables: options.ttlTables ?? DEFAULT_TTL_TABLES },
    violations: [],
  };
  checkRoles(ctx);
  checkFunctionPermissions(ctx);
  checkStateMachineRoles(ctx);
  checkData(ctx);
  checkEncryption(ctx);
  checkLoggingAndTracing(ctx);
  checkAlarms(ctx);
  return ctx.violations;
}

/** Counts for the OK summary. */
export function summarizeTemplate(template: Template): Record<string, number> {
  const resources = deployedResources(template);
  const count = (type: string) => ofType(resources, type).length;
  return {
    functions: count('AWS::Lambda::Function'),
    roles: count('AWS::IAM::Role'),
    'state machines': count('AWS::StepFunctions::StateMachine'),
    tables: count('AWS::DynamoDB::Table'),
    topics: count('AWS::SNS::Topic'),
    queues: count('AWS::SQS::Queue'),
    alarms: count('AWS::CloudWatch::Alarm'),
    'log groups': count('AWS::Logs::LogGroup'),
  };
}

/** `1. [rule] Resource: message` lines. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((violation, index) => `${index + 1}. [${violation.rule}] ${violation.resource}: ${violation.message}`)
    .join('\n');
}
