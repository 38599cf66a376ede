/**
 * Deploys that running executions survive: state machines call published Lambda versions, are
 * themselves published as versions behind an alias, and are started only through that alias.
 */
import { childMachines } from './nested';
import { type Context, type Json, type TemplateResource, report } from './types';
import { asArray, isObject, ofType, referencedIds, strings } from './resources';

/** The logical id a `{ Ref: id }` names, if that is what `value` is. */
const refOf = (value: Json | undefined): string | undefined =>
  isObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined;

/** Each alias (logical id → its Name and the state machines its versions belong to). */
function aliasesOf(resources: Map<string, TemplateResource>): Map<string, { name: string; machines: Set<string> }> {
  const aliases = new Map<string, { name: string; machines: Set<string> }>();
  for (const [id, alias] of ofType(resources, 'AWS::StepFunctions::StateMachineAlias')) {
    const machines = new Set<string>();
    for (const route of asArray(alias.Properties?.RoutingConfiguration)) {
      const versionId = isObject(route) ? refOf(route.StateMachineVersionArn) : undefined;
      const version = versionId === undefined ? undefined : resources.get(versionId);
      const machine =
        version?.Type === 'AWS::StepFunctions::StateMachineVersion'
          ? refOf(version.Properties?.StateMachineArn)
          : undefined;
      if (machine !== undefined) machines.add(machine);
    }
    aliases.set(id, { name: String(alias.Properties?.Name ?? ''), machines });
  }
  return aliases;
}

/**
 * - `sfn-exact-versions`: a state machine definition names Lambda functions only through their
 *   published versions (AWS::Lambda::Version), never the unqualified function ($LATEST).
 * - `sfn-alias`: each state machine is published (an AWS::StepFunctions::StateMachineVersion of it
 *   whose replacement retains the previous version) and an alias routes to that version (a child
 *   that another machine starts through its version needs no alias).
 * - `sfn-start-through-alias`: a role that may start executions of a state machine may do so only
 *   through one of its aliases (`states:StateMachineQualifier` equal to the alias name).
 */
export function checkVersions(ctx: Context): void {
  const { resources } = ctx;
  const aliases = aliasesOf(resources);
  const children = childMachines(resources);
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    for (const ref of referencedIds(machine.Properties?.DefinitionString)) {
      if (resources.get(ref)?.Type === 'AWS::Lambda::Function') {
        report(ctx, 'sfn-exact-versions', id, `calls ${ref} unqualified; call its published version (useExactVersion)`);
      }
    }
    const versions = ofType(resources, 'AWS::StepFunctions::StateMachineVersion').filter(
      ([, version]) => refOf(version.Properties?.StateMachineArn) === id,
    );
    if (versions.length === 0) report(ctx, 'sfn-alias', id, 'is not published as a StateMachineVersion');
    for (const [versionId, version] of versions) {
      if (version.UpdateReplacePolicy !== 'Retain' || version.DeletionPolicy !== 'Retain') {
        report(
          ctx,
          'sfn-alias',
          versionId,
          'needs DeletionPolicy and UpdateReplacePolicy Retain: a deploy would delete the version running executions use',
        );
      }
    }
    // A child (started by another machine through its published version) needs no alias of its own.
    if (!children.has(id) && ![...aliases.values()].some((alias) => alias.machines.has(id))) {
      report(ctx, 'sfn-alias', id, 'has no StateMachineAlias routing to its published version');
    }
  }

  for (const [roleId, role] of ofType(resources, 'AWS::IAM::Role')) {
    for (const policy of asArray(role.Properties?.Policies)) {
      if (!isObject(policy) || !isObject(policy.PolicyDocument)) continue;
      for (const statement of asArray(policy.PolicyDocument.Statement)) {
        if (!isObject(statement) || statement.Effect !== 'Allow') continue;
        if (!strings(statement.Action).includes('states:StartExecution')) continue;
        const condition = isObject(statement.Condition) ? statement.Condition.StringEquals : undefined;
        const qualifier = isObject(condition) ? condition['states:StateMachineQualifier'] : undefined;
        for (const machineId of referencedIds(statement.Resource)) {
          if (resources.get(machineId)?.Type !== 'AWS::StepFunctions::StateMachine') continue;
          const names = [...aliases.values()].filter((a) => a.machines.has(machineId)).map((a) => a.name);
          if (typeof qualifier !== 'string' || !names.includes(qualifier)) {
            report(
              ctx,
              'sfn-start-through-alias',
              roleId,
              `may start ${machineId} other than through its alias (${names.join(', ') || 'none'}): add the states:StateMachineQualifier condition`,
            );
          }
        }
      }
    }
  }
}
