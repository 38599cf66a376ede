/** The template check as a whole: a valid template, conditions, references, the summary and the report. */
import {
  checkTemplate,
  formatViolations,
  referencedIds,
  summarizeTemplate,
  type Json,
} from '../../../tools/template/template-check';
import { OPTIONS, broken, validTemplate, violations } from './fixture';

describe('checkTemplate', () => {
  it('finds nothing wrong in a template that follows every rule', () => {
    expect(checkTemplate(validTemplate(), OPTIONS)).toEqual([]);
  });

  describe('conditions', () => {
    it.each<[string, Json, boolean]>([
      ['Fn::Not', { 'Fn::Not': [{ 'Fn::Equals': ['a', 'a'] }] }, false],
      ['Fn::And', { 'Fn::And': [{ 'Fn::Equals': ['a', 'a'] }, { 'Fn::Equals': ['a', 'b'] }] }, false],
      ['Fn::Or', { 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { Condition: 'Always' }] }, true],
      ['a parameter it cannot evaluate', { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, true],
      ['an unknown function', { 'Fn::Whatever': [] }, true],
    ])('evaluates %s statically (unknown counts as deployed)', (_what, condition, deployed) => {
      const template = broken((t) => {
        t.Conditions = { ...t.Conditions, Tested: condition, Always: { 'Fn::Equals': ['x', 'x'] } };
        t.Resources.IdleRole = { Type: 'AWS::IAM::Role', Condition: 'Tested', Properties: {} };
      });
      expect(violations(template)).toEqual(deployed ? ['iam-unused-role IdleRole'] : []);
    });
  });
});

describe('referencedIds', () => {
  it('finds Ref, Fn::GetAtt (both forms) and Fn::Sub references, not pseudo parameters or Sub variables', () => {
    const value: Json = [
      { Ref: 'A' },
      { Ref: 'AWS::Region' },
      { 'Fn::GetAtt': 'B.Arn' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:x:${C}:${D.Arn}' },
      { 'Fn::Sub': ['${v}-${E}', { v: { Ref: 'F' } }] },
    ];
    expect([...referencedIds(value)].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });
});

describe('summarizeTemplate and formatViolations', () => {
  it('counts what is deployed', () => {
    expect(summarizeTemplate(validTemplate())).toMatchObject({ functions: 1, roles: 2, tables: 1, alarms: 4 });
  });

  it('numbers the violations', () => {
    expect(
      formatViolations([
        { rule: 'data-billing', resource: 'A', message: 'one' },
        { rule: 'encryption', resource: 'B', message: 'two' },
      ]),
    ).toBe('1. [data-billing] A: one\n2. [encryption] B: two');
  });
});
