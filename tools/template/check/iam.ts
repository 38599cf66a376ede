/** Least privilege: one role per function, no wildcards, a table per service, state machine roles. */
import { type Context, type Json, type TemplateResource, report } from './types';
import { asArray, isObject, ofType, referencedIds, strings } from './resources';
import { DISTRIBUTED_MAP_ACTIONS, distributedMapUse, isDistributedMapGrant } from './distributed-map';
import { isNestedExecutionGrant, NESTED_EXECUTION_ACTIONS } from './nested';

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

/** `services/<name>/handlers/x.handler` → `<name>`. */
function serviceOf(fn: TemplateResource): string {
  const handler = fn.Properties?.Handler;
  const match = typeof handler === 'string' ? /^services\/([^/]+)\//.exec(handler) : null;
  return match?.[1] ?? String(handler ?? '?');
}

export function checkRoles(ctx: Context): void {
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

export function checkFunctionPermissions(ctx: Context): void {
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

export function checkStateMachineRoles(ctx: Context): void {
  const { resources } = ctx;
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const roleId = roleIdOf(machine.Properties?.RoleArn);
    if (!roleId || !resources.has(roleId)) continue;
    // A published Lambda version the definition calls (useExactVersion) counts as its function: the
    // role grants the function's ARN and ARN:* (its versions and aliases).
    const used = new Set<string>();
    for (const ref of referencedIds(machine.Properties?.DefinitionString)) {
      const resource = resources.get(ref);
      const fn =
        resource?.Type === 'AWS::Lambda::Version' ? referencedIds(resource.Properties?.FunctionName) : undefined;
      for (const id of fn ?? [ref]) used.add(id);
    }
    // Keys that encrypt what the definition publishes to.
    const keys = new Set<string>();
    for (const ref of used) {
      for (const key of referencedIds(resources.get(ref)?.Properties?.KmsMasterKeyId)) keys.add(key);
    }
    const invocable = new Set<string>();
    const distributed = distributedMapUse(machine);
    for (const statement of allows(roleStatements(roleId, resources))) {
      for (const action of statement.actions) {
        if (WILDCARD_RESOURCE_ACTIONS.has(action)) continue;
        const mapAction = distributed !== undefined && DISTRIBUTED_MAP_ACTIONS.has(action);
        if (mapAction || NESTED_EXECUTION_ACTIONS.has(action)) {
          // Starting a child with .sync: only on that child, its executions and the managed rule; a
          // Distributed Map: its own children and its reader's and writer's objects (distributed-map.ts).
          for (const resource of statement.resources) {
            if (resource === '*') continue; // reported by iam-wildcard-resource
            const nested =
              NESTED_EXECUTION_ACTIONS.has(action) && isNestedExecutionGrant(resources, id, action, resource);
            const mapped = mapAction && isDistributedMapGrant(distributed, action, resource);
            if (!nested && !mapped) {
              report(
                ctx,
                'iam-state-machine',
                roleId,
                `grants ${action} on ${JSON.stringify(resource)}, which ${id} does not start${distributed ? ' and its Distributed Map does not need' : ''}`,
              );
            }
          }
          continue;
        }
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
