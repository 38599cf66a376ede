/**
 * CreateStateMachine (with `publish`, `versionDescription` and `tags`), UpdateStateMachine and
 * DescribeStateMachine (of a machine or of one of its versions), as the API Reference describes
 * them (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html,
 * API_UpdateStateMachine.html, API_DescribeStateMachine.html).
 */
import { StepFunctionsError } from '../../engine/errors';
import type { StateMachineRecord } from '../../engine/machines';
import type { WorkflowRunner } from '../../engine/runner';
import { optionalLogging, optionalTracing } from '../configuration';
import { definitionText, machineType, requireString, roleArn, type Body } from '../fields';
import { epochSeconds, invalidArn, optionalBoolean, versionDescription } from './request';
import { MAX_TAGS, tagList, tooManyTags } from './tags';

/**
 * CreateStateMachine: `{ stateMachineArn, creationDate, stateMachineVersionArn? }` (the version
 * when `publish` is true). Everything is checked before anything is created.
 * @throws StepFunctionsError as StateMachineRegistry.create, ValidationException, TooManyTags.
 */
export function createStateMachine(runner: WorkflowRunner, body: Body): Body {
  const publish = optionalBoolean(body, 'publish') ?? false;
  const description = versionDescription(body, publish);
  const name = requireString(body, 'name');
  const tags = tagList(body);
  if (tags.size > MAX_TAGS) {
    throw tooManyTags(`arn:aws:states:${runner.machines.region}:${runner.machines.accountId}:stateMachine:${name}`);
  }
  const machine = runner.machines.create({
    name,
    definition: definitionText(body),
    roleArn: roleArn(body),
    type: machineType(body),
    tags,
    ...optionalLogging(body),
    ...optionalTracing(body),
  });
  const version = publish ? machine.versions.publish(machine, description) : undefined;
  return {
    stateMachineArn: machine.stateMachineArn,
    creationDate: epochSeconds(machine.creationDate),
    ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
  };
}

/**
 * UpdateStateMachine: `{ updateDate, revisionId, stateMachineVersionArn? }`. At least one of
 * `definition`, `roleArn`, `loggingConfiguration`, `tracingConfiguration` (MissingRequiredParameter);
 * with `publish`, a version of the new revision.
 * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist, StateMachineDeleting,
 *   InvalidDefinition, MissingRequiredParameter, ValidationException.
 */
export function updateStateMachine(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'stateMachineArn');
  const publish = optionalBoolean(body, 'publish') ?? false;
  const description = versionDescription(body, publish);
  const change = {
    ...(body.definition === undefined ? {} : { definition: definitionText(body) }),
    ...(body.roleArn === undefined ? {} : { roleArn: roleArn(body) }),
    ...optionalLogging(body),
    ...optionalTracing(body),
  };
  if (Object.keys(change).length === 0) {
    throw new StepFunctionsError(
      'MissingRequiredParameter',
      'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    );
  }
  const updated = runner.machines.update(arn, change);
  const version = publish ? updated.versions.publish(updated, description) : undefined;
  return {
    updateDate: epochSeconds(updated.updateDate),
    revisionId: updated.revisionId,
    ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
  };
}

function described(machine: StateMachineRecord): Body {
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    status: machine.status,
    definition: machine.definitionText,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(machine.creationDate),
    loggingConfiguration: { ...machine.workflow.logging },
    tracingConfiguration: { ...machine.workflow.tracing },
    ...(machine.revisionId === undefined ? {} : { revisionId: machine.revisionId }),
  };
}

/**
 * DescribeStateMachine. For a version ARN, the version: its ARN as `stateMachineArn`, the
 * definition, role, logging and tracing it was published with, its `creationDate` and `description`.
 * @throws StepFunctionsError InvalidArn (also an alias ARN: DescribeStateMachineAlias describes
 *   those), StateMachineDoesNotExist (machine or version).
 */
export function describeStateMachine(runner: WorkflowRunner, arn: string): Body {
  const named = runner.machines.qualified(arn);
  if (!named) return described(runner.machines.get(arn));
  if (named.version === undefined) throw invalidArn(arn);
  const version = named.record.versions.get(named.version);
  if (!version) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return {
    ...described(version.machine),
    stateMachineArn: version.stateMachineVersionArn,
    status: named.record.status,
    creationDate: epochSeconds(version.creationDate),
    ...(version.description === undefined ? {} : { description: version.description }),
  };
}
