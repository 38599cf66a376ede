/**
 * CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
 * DeleteStateMachineAlias and ListStateMachineAliases
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
 * and the pages of the others): an alias routes StartExecution to one version, or to two by weight.
 */
import { StepFunctionsError } from '../../engine/errors';
import type { StateMachineRecord } from '../../engine/machines';
import type { MachineAlias, RoutingConfig } from '../../engine/machine-versions';
import type { WorkflowRunner } from '../../engine/runner';
import { validation } from '../configuration';
import { optionalString, page, requireString, type Body } from '../fields';
import {
  aliasTarget,
  epochSeconds,
  invalidArn,
  invalidValue,
  noSuchResource,
  resourceNotFound,
  versionTarget,
} from './request';

const invalidRouting = (message: string) =>
  new StepFunctionsError('ValidationException', message, { reason: 'INVALID_ROUTING_CONFIGURATION' });

/** A routing list as the service prints it in a ValidationException (recorded on AWS). */
const printed = (routes: { stateMachineVersionArn?: unknown; weight?: unknown }[]) =>
  `[${routes.map((r) => `RoutingConfigurationListItem(stateMachineVersionArn=${String(r.stateMachineVersionArn)}, weight=${String(r.weight)})`).join(', ')}]`;

/**
 * `routingConfiguration`: 1 or 2 routes, each an existing version of one machine (`machine`, when
 * known, the alias's), weights 0–100 (members.ts) summing to 100, no version twice. The messages
 * are those recorded on AWS.
 * @throws StepFunctionsError ValidationException, ResourceNotFound (a version or machine that does not exist).
 */
function routing(
  runner: WorkflowRunner,
  body: Body,
  machine?: StateMachineRecord,
): { record: StateMachineRecord; routes: RoutingConfig[] } {
  const value = body.routingConfiguration;
  if (!Array.isArray(value)) throw validation('routingConfiguration', 'Member must not be null');
  if (value.length < 1) {
    throw invalidValue('[]', 'routingConfiguration', 'Member must have length greater than or equal to 1');
  }
  const raw = value.map((item) => (item ?? {}) as { stateMachineVersionArn?: unknown; weight?: unknown });
  if (raw.length > 2) {
    throw invalidValue(printed(raw), 'routingConfiguration', 'Member must have length less than or equal to 2');
  }
  const routes = raw.map(({ stateMachineVersionArn, weight }, i) => {
    const at = `routingConfiguration.${i + 1}.member`;
    if (typeof stateMachineVersionArn !== 'string')
      throw validation(`${at}.stateMachineVersionArn`, 'Member must not be null');
    if (typeof weight !== 'number' || !Number.isInteger(weight))
      throw validation(`${at}.weight`, 'Member must be an integer');
    return { stateMachineVersionArn, weight };
  });
  const arns = routes.map((route) => route.stateMachineVersionArn);
  const targets = arns.map((arn) => runner.machines.versionArn(arn));
  if (targets.some((target) => target === undefined)) {
    throw invalidRouting(
      `Routing configuration must contain state machine version ARNs. Received: [${arns.join(', ')}]`,
    );
  }
  if (new Set(arns).size !== arns.length) {
    throw invalidRouting(
      `Routing configuration must contain distinct state machine version ARNs. Received: [${arns.join(', ')}]`,
    );
  }
  if (routes.reduce((sum, route) => sum + route.weight, 0) !== 100) {
    throw invalidRouting(
      `Sum of routing configuration weights must equal 100. Received: [${routes.map((r) => r.weight).join(', ')}]`,
    );
  }
  const bases = new Set([...targets.map((target) => target?.base), ...(machine ? [machine.stateMachineArn] : [])]);
  if (bases.size > 1) {
    throw invalidRouting(
      `Routing configuration must contain state machine version ARNs of the same state machine. Received: [${arns.join(', ')}]`,
    );
  }
  let record = machine;
  for (const arn of arns) {
    const target = versionTargetOrMissing(runner, arn);
    record ??= target?.record;
    if (!target || !target.record.versions.get(target.version)) throw resourceNotFound(arn);
  }
  return { record: record as StateMachineRecord, routes };
}

/** The machine and version of a version ARN, or undefined when its machine does not exist. */
function versionTargetOrMissing(runner: WorkflowRunner, arn: string): ReturnType<typeof versionTarget> | undefined {
  try {
    return versionTarget(runner.machines, arn);
  } catch (error) {
    if (error instanceof StepFunctionsError && error.name === 'StateMachineDoesNotExist') return undefined;
    throw error;
  }
}

function deleting(record: StateMachineRecord): void {
  if (record.status === 'DELETING') {
    throw new StepFunctionsError('StateMachineDeleting', `State Machine is being deleted: '${record.stateMachineArn}'`);
  }
}

/** CreateStateMachineAlias: `{ stateMachineAliasArn, creationDate }`; idempotent on name, description and routing. */
export function createStateMachineAlias(runner: WorkflowRunner, body: Body): Body {
  const name = requireString(body, 'name');
  const description = optionalString(body, 'description');
  const { record, routes } = routing(runner, body);
  deleting(record);
  const alias = record.versions.createAlias(name, routes, description);
  return { stateMachineAliasArn: alias.stateMachineAliasArn, creationDate: epochSeconds(alias.creationDate) };
}

function existingAlias(runner: WorkflowRunner, arn: string): { record: StateMachineRecord; alias: MachineAlias } {
  const { record, alias } = aliasTarget(runner.machines, arn);
  const found = record.versions.getAlias(alias);
  if (!found) throw noSuchResource(arn);
  return { record, alias: found };
}

/** DescribeStateMachineAlias: name, description, routing, dates. @throws InvalidArn, ResourceNotFound. */
export function describeStateMachineAlias(runner: WorkflowRunner, body: Body): Body {
  const { alias } = existingAlias(runner, requireString(body, 'stateMachineAliasArn'));
  return {
    stateMachineAliasArn: alias.stateMachineAliasArn,
    name: alias.name,
    ...(alias.description === undefined ? {} : { description: alias.description }),
    routingConfiguration: alias.routingConfiguration.map((route) => ({ ...route })),
    creationDate: epochSeconds(alias.creationDate),
    updateDate: epochSeconds(alias.updateDate),
  };
}

/**
 * UpdateStateMachineAlias: `{ updateDate }`; `description`, `routingConfiguration` or both.
 * @throws StepFunctionsError InvalidArn, ResourceNotFound, StateMachineDeleting, ValidationException.
 */
export function updateStateMachineAlias(runner: WorkflowRunner, body: Body): Body {
  const { record, alias } = existingAlias(runner, requireString(body, 'stateMachineAliasArn'));
  const description = optionalString(body, 'description');
  if (description === undefined && body.routingConfiguration === undefined) {
    throw new StepFunctionsError(
      'ValidationException',
      'Either the description or the RoutingConfiguration must be specified',
      { reason: 'MISSING_REQUIRED_PARAMETER' },
    );
  }
  const routes = body.routingConfiguration === undefined ? undefined : routing(runner, body, record).routes;
  deleting(record);
  record.versions.updateAlias(alias, {
    ...(description === undefined ? {} : { description }),
    ...(routes === undefined ? {} : { routingConfiguration: routes }),
  });
  return { updateDate: epochSeconds(alias.updateDate) };
}

/**
 * DeleteStateMachineAlias: `{}`; the versions it routed to stay. Deleting an alias (or one of a
 * machine) that does not exist is no error, as recorded on AWS.
 * @throws StepFunctionsError InvalidArn (not an alias ARN).
 */
export function deleteStateMachineAlias(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'stateMachineAliasArn');
  let target: ReturnType<typeof aliasTarget>;
  try {
    target = aliasTarget(runner.machines, arn);
  } catch (error) {
    if (error instanceof StepFunctionsError && error.name === 'ResourceNotFound') return {};
    throw error;
  }
  target.record.versions.deleteAlias(target.alias);
  return {};
}

/**
 * ListStateMachineAliases: `{ stateMachineAliases: [{ stateMachineAliasArn, creationDate }], nextToken? }`;
 * for a version ARN, the aliases routing to that version.
 * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist, ResourceNotFound (a version that
 *   does not exist), StateMachineDeleting, InvalidToken.
 */
export function listStateMachineAliases(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'stateMachineArn');
  const named = runner.machines.qualified(arn);
  if (named?.alias !== undefined) throw invalidArn(arn);
  const record = named?.record ?? runner.machines.get(arn);
  deleting(record);
  if (named?.version !== undefined && !record.versions.get(named.version)) throw resourceNotFound(arn);
  const aliases = named?.version === undefined ? record.versions.listAliases() : record.versions.aliasesRoutingTo(arn);
  const { items, nextToken } = page(aliases, body, 'aliases');
  return {
    stateMachineAliases: items.map((alias) => ({
      stateMachineAliasArn: alias.stateMachineAliasArn,
      creationDate: epochSeconds(alias.creationDate),
    })),
    nextToken,
  };
}
