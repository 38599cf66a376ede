/**
 * Nested executions: a state machine whose Task starts another machine of the template with
 * `arn:aws:states:::states:startExecution.sync` / `.sync:2` (the saga's Express children). What its
 * role needs for that is exactly what AWS documents
 * (https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html, "Synchronous"):
 * states:StartExecution on the child (here its published version), states:DescribeExecution and
 * states:StopExecution on the child's executions (`…:execution:<child name>:*`), and
 * events:PutTargets/PutRule/DescribeRule on the managed rule
 * `…:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`.
 */
import type { Json, TemplateResource } from './types';
import { isObject, ofType, referencedIds } from './resources';

export const NESTED_EXECUTION_ACTIONS: ReadonlySet<string> = new Set([
  'states:StartExecution',
  'states:DescribeExecution',
  'states:StopExecution',
  'events:PutTargets',
  'events:PutRule',
  'events:DescribeRule',
]);

const SYNC_RULE = ':rule/StepFunctionsGetEventsForStepFunctionsExecutionRule';
const STARTABLE = new Set([
  'AWS::StepFunctions::StateMachine',
  'AWS::StepFunctions::StateMachineVersion',
  'AWS::StepFunctions::StateMachineAlias',
]);

/** The state machine a reference to a machine, its version or (through the version) its alias names. */
function machineOf(resources: Map<string, TemplateResource>, ref: string): string | undefined {
  const resource = resources.get(ref);
  if (resource?.Type === 'AWS::StepFunctions::StateMachine') return ref;
  if (resource?.Type === 'AWS::StepFunctions::StateMachineVersion') {
    const [machine] = referencedIds(resource.Properties?.StateMachineArn);
    return machine;
  }
  if (resource?.Type === 'AWS::StepFunctions::StateMachineAlias') {
    const [version] = referencedIds(resource.Properties?.RoutingConfiguration);
    return version === undefined ? undefined : machineOf(resources, version);
  }
  return undefined;
}

/** The machines a machine's definition starts with `states:startExecution.sync`, by logical id. */
export function startedMachines(resources: Map<string, TemplateResource>, machineId: string): Set<string> {
  const definition = resources.get(machineId)?.Properties?.DefinitionString;
  if (!JSON.stringify(definition ?? null).includes('arn:aws:states:::states:startExecution.sync')) return new Set();
  const started = [...referencedIds(definition)].flatMap((ref) => {
    const machine = STARTABLE.has(resources.get(ref)?.Type ?? '') ? machineOf(resources, ref) : undefined;
    return machine === undefined || machine === machineId ? [] : [machine];
  });
  return new Set(started);
}

/** Machines of the template that another machine starts as children (their failures reach it). */
export function childMachines(resources: Map<string, TemplateResource>): Set<string> {
  const children = new Set<string>();
  for (const [id] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    for (const child of startedMachines(resources, id)) children.add(child);
  }
  return children;
}

const subText = (resource: Json): string | undefined => {
  if (!isObject(resource)) return undefined;
  const sub = resource['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return typeof text === 'string' ? text : undefined;
};

/**
 * Whether granting `action` on `resource` is what starting its children needs (see the module's
 * comment); false for anything wider or for a machine that starts none.
 */
export function isNestedExecutionGrant(
  resources: Map<string, TemplateResource>,
  machineId: string,
  action: string,
  resource: Json,
): boolean {
  const children = startedMachines(resources, machineId);
  if (children.size === 0) return false;
  if (action === 'states:StartExecution') {
    const refs = [...referencedIds(resource)];
    return refs.length > 0 && refs.every((ref) => children.has(machineOf(resources, ref) ?? ''));
  }
  const text = subText(resource);
  if (action.startsWith('events:')) return text?.endsWith(SYNC_RULE) === true;
  const names = [...children].map((id) => resources.get(id)?.Properties?.StateMachineName);
  return names.some((name) => typeof name === 'string' && text?.endsWith(`:execution:${name}:*`) === true);
}
