/** tools/template/tidy-template.ts: what the packaging hook removes from the compiled template. */
import { removeRedundantDependsOn, removeUnusedDefaultRole, tidyTemplate } from '../../../tools/template/tidy-template';
import type { Template } from '../../../tools/template/template-check';

const role = { Type: 'AWS::IAM::Role', Properties: {} };
const fn = (roleId: string, dependsOn: string[]) => ({
  Type: 'AWS::Lambda::Function',
  DependsOn: dependsOn,
  Properties: { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } },
});

describe('tidyTemplate', () => {
  it('removes the shared role when no function uses it, and the DependsOn a GetAtt already enforces', () => {
    const template: Template = {
      Resources: {
        IamRoleLambdaExecution: role,
        OwnRole: role,
        LogGroup: { Type: 'AWS::Logs::LogGroup' },
        Fn: fn('OwnRole', ['OwnRole', 'LogGroup']),
      },
    };
    expect(tidyTemplate(template)).toEqual({
      removed: ['IamRoleLambdaExecution'],
      redundantDependsOn: ['Fn → OwnRole'],
    });
    expect(Object.keys(template.Resources ?? {})).toEqual(['OwnRole', 'LogGroup', 'Fn']);
    // The log group is not referenced by the function's properties: that ordering stays.
    expect(template.Resources?.Fn?.DependsOn).toEqual(['LogGroup']);
  });

  it('keeps the shared role while a function uses it (the template check then names that function)', () => {
    const template: Template = { Resources: { IamRoleLambdaExecution: role, Fn: fn('IamRoleLambdaExecution', []) } };
    expect(removeUnusedDefaultRole(template)).toBe(false);
    expect(template.Resources?.IamRoleLambdaExecution).toBeDefined();
  });

  it('keeps the shared role while something depends on it or an output names it', () => {
    const dependent: Template = {
      Resources: {
        IamRoleLambdaExecution: role,
        Other: { Type: 'AWS::SNS::Topic', DependsOn: 'IamRoleLambdaExecution' },
      },
    };
    expect(removeUnusedDefaultRole(dependent)).toBe(false);
    const output: Template = {
      Resources: { IamRoleLambdaExecution: role },
      Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] } } },
    };
    expect(removeUnusedDefaultRole(output)).toBe(false);
  });

  it('removes DependsOn entirely when every entry is already a reference, including a Ref inside Fn::Sub', () => {
    const template: Template = {
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        Queue: {
          Type: 'AWS::SQS::Queue',
          DependsOn: ['Topic'],
          Properties: { Policy: { 'Fn::Sub': 'arn:${Topic}' } },
        },
      },
    };
    expect(removeRedundantDependsOn(template)).toEqual(['Queue → Topic']);
    expect(template.Resources?.Queue?.DependsOn).toBeUndefined();
  });
});
