/** The deploy-safety rules of the template check (sfn-exact-versions, sfn-alias, sfn-start-through-alias). */
import type { Json } from '../../../tools/template/template-check';
import { allow, broken, getAtt, policy, props, ref, violations } from './fixture';

/** A starter role: StartExecution on the fixture's machine, with the given condition. */
const starter = (condition?: Json) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    Policies: policy({
      ...allow('states:StartExecution', ref('Machine')),
      ...(condition ? { Condition: condition } : {}),
    }),
  },
});
// The starter role needs a user, or iam-unused-role reports it too.
const useRole = (t: { Resources: Record<string, unknown> }) => {
  t.Resources.StarterUser = { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [ref('StarterRole')] } };
};

describe('checkTemplate: deploys that running executions survive', () => {
  it('accepts the fixture: versions called, machine published, alias routing to it', () => {
    expect(violations(broken(() => undefined))).toEqual([]);
  });

  it('rejects a definition calling a function unqualified ($LATEST)', () => {
    const template = broken((t) => {
      const sub = props(t, 'Machine').DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] };
      sub['Fn::Sub'][1].fn = getAtt('ReserveLambdaFunction');
    });
    expect(violations(template)).toEqual(['sfn-exact-versions Machine']);
  });

  it('wants the machine published, with the previous version retained on replacement', () => {
    expect(
      violations(
        broken((t) => {
          delete t.Resources.MachineVersion;
          delete t.Resources.MachineAlias;
        }),
      ),
    ).toEqual(['sfn-alias Machine', 'sfn-alias Machine']);
    const template = broken((t) => {
      delete (t.Resources.MachineVersion as { UpdateReplacePolicy?: string }).UpdateReplacePolicy;
    });
    expect(violations(template)).toEqual(['sfn-alias MachineVersion']);
  });

  it('wants an alias routing to a version of the machine', () => {
    const template = broken((t) => {
      props(t, 'MachineAlias').RoutingConfiguration = [{ StateMachineVersionArn: 'arn:aws:states:x', Weight: 100 }];
    });
    expect(violations(template)).toEqual(['sfn-alias Machine']);
  });

  it('lets a role start executions only through an alias of the machine', () => {
    const through = (qualifier: string) => ({ StringEquals: { 'states:StateMachineQualifier': qualifier } });
    const withStarter = (condition?: Json) =>
      broken((t) => {
        t.Resources.StarterRole = starter(condition) as never;
        useRole(t);
      });
    expect(violations(withStarter(through('live')))).toEqual([]);
    expect(violations(withStarter())).toEqual(['sfn-start-through-alias StarterRole']);
    expect(violations(withStarter(through('1')))).toEqual(['sfn-start-through-alias StarterRole']);
  });
});
