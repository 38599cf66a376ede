/**
 * PublishStateMachineVersion, ListStateMachineVersions and DeleteStateMachineVersion
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html,
 * API_ListStateMachineVersions.html, API_DeleteStateMachineVersion.html); the records are
 * engine/machine-versions.ts'.
 */
import { StepFunctionsError } from '../../engine/errors';
import type { WorkflowRunner } from '../../engine/runner';
import { optionalString, page, requireString, type Body } from '../fields';
import { epochSeconds, versionTarget } from './request';

/**
 * PublishStateMachineVersion: `{ creationDate, stateMachineVersionArn }`; the version already
 * published for the current revision when there is one (idempotent).
 * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist, StateMachineDeleting,
 *   ConflictException (`revisionId` is not the current one), ServiceQuotaExceededException, ValidationException.
 */
export function publishStateMachineVersion(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'stateMachineArn');
  const description = optionalString(body, 'description');
  const revisionId = optionalString(body, 'revisionId');
  const machine = runner.machines.get(arn);
  if (machine.status === 'DELETING') {
    throw new StepFunctionsError('StateMachineDeleting', `State Machine is being deleted: '${arn}'`);
  }
  const version = machine.versions.publish(machine, description, revisionId);
  return { creationDate: epochSeconds(version.creationDate), stateMachineVersionArn: version.stateMachineVersionArn };
}

/** ListStateMachineVersions: `{ stateMachineVersions: [{ stateMachineVersionArn, creationDate }], nextToken? }`, newest first. */
export function listStateMachineVersions(runner: WorkflowRunner, body: Body): Body {
  const machine = runner.machines.get(requireString(body, 'stateMachineArn'));
  const { items, nextToken } = page(machine.versions.list(), body, 'versions');
  return {
    stateMachineVersions: items.map((v) => ({
      stateMachineVersionArn: v.stateMachineVersionArn,
      creationDate: epochSeconds(v.creationDate),
    })),
    nextToken,
  };
}

/**
 * DeleteStateMachineVersion: `{}`; a version (or machine) that does not exist is no error. Its
 * running executions continue.
 * @throws StepFunctionsError InvalidArn (not a version ARN), ConflictException (an alias routes to it).
 */
export function deleteStateMachineVersion(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'stateMachineVersionArn');
  let target: ReturnType<typeof versionTarget>;
  try {
    target = versionTarget(runner.machines, arn);
  } catch (error) {
    if (error instanceof StepFunctionsError && error.name === 'StateMachineDoesNotExist') return {};
    throw error;
  }
  target.record.versions.delete(target.version);
  return {};
}
