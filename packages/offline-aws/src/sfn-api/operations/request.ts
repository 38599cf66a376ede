/**
 * Request members of the version, alias, tag and validation operations, read as the Step Functions
 * API model describes them (https://docs.aws.amazon.com/step-functions/latest/apireference/; their
 * documented constraints: members.ts): InvalidArn for an ARN of the wrong kind, ResourceNotFound
 * (with `resourceName`) for what does not exist.
 */
import { StepFunctionsError } from '../../engine/errors';
import { validationErrors, violation } from '../constraints';
import type { StateMachineRecord, StateMachineRegistry } from '../../engine/machines';
import { validation } from '../configuration';
import { optionalString, requireString, type Body } from '../fields';

/**
 * The API's ValidationException for one member, naming its value as the service does
 * ("1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to
 * satisfy constraint: Member must have value less than or equal to 100", recorded on AWS).
 */
export const invalidValue = (value: string, field: string, constraint: string) =>
  validationErrors([violation(field, constraint, `'${value}'`)]);

export const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validation(field, 'Member must be a boolean');
  return value;
}

/**
 * `versionDescription` of CreateStateMachine and UpdateStateMachine: at most 256 characters
 * (members.ts), and only with `publish: true` (ValidationException otherwise, API_CreateStateMachine.html).
 */
export function versionDescription(body: Body, publish: boolean): string | undefined {
  const description = optionalString(body, 'versionDescription');
  if (description !== undefined && !publish) {
    throw new StepFunctionsError('ValidationException', 'Version description can only be set when publish is true');
  }
  return description;
}

export const invalidArn = (arn: string) =>
  new StepFunctionsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);

/** ResourceNotFound as TagResource answers it (recorded on AWS), naming the resource. */
export const resourceNotFound = (arn: string) =>
  new StepFunctionsError('ResourceNotFound', `Resource not found: '${arn}'`, { resourceName: arn });

/** ResourceNotFound as the alias operations answer it (UpdateStateMachineAlias, recorded on AWS). */
export const noSuchResource = (arn: string) =>
  new StepFunctionsError('ResourceNotFound', 'Request references a resource that does not exist.', {
    resourceName: arn,
  });

/**
 * The machine and version a version ARN names (`…:stateMachine:name:3`).
 * @throws StepFunctionsError InvalidArn for any other ARN; what `registry.get` throws for the machine.
 */
export function versionTarget(
  registry: StateMachineRegistry,
  arn: string,
): { record: StateMachineRecord; version: number } {
  const named = registry.qualified(arn);
  if (named?.version === undefined) throw invalidArn(arn);
  return { record: named.record, version: named.version };
}

/**
 * The machine and alias name an alias ARN names (`…:stateMachine:name:live`).
 * @throws StepFunctionsError InvalidArn for any other ARN; ResourceNotFound when its machine does not exist.
 */
export function aliasTarget(
  registry: StateMachineRegistry,
  arn: string,
): { record: StateMachineRecord; alias: string } {
  let named: ReturnType<StateMachineRegistry['qualified']>;
  try {
    named = registry.qualified(arn);
  } catch (error) {
    if (error instanceof StepFunctionsError && error.name === 'StateMachineDoesNotExist') throw noSuchResource(arn);
    throw error;
  }
  if (named?.alias === undefined) throw invalidArn(arn);
  return { record: named.record, alias: named.alias };
}

export { requireString, optionalString };
