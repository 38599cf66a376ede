/**
 * A state machine that starts a child of the template with `states:startExecution.sync:2` (the saga's
 * Express children): its role may grant exactly what stepfunctions-iam.html lists for it, the child
 * needs no alias of its own (the parent names its version) nor a failed-executions alarm (its failure
 * is the parent's).
 */
import type { Json, TemplateResource } from '../../../tools/template/template-check';
import { allow, broken, getAtt, policy, ref, statementsOf, validTemplate, violations } from './fixture';

const EXECUTIONS = `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:app-dev-child:*`;
const RULE = `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
const sub = (text: string): Json => ({ 'Fn::Sub': [text, {}] });

/** The valid template with a child machine (and its version) that Machine starts with .sync:2. */
function withChild(grants: Json[]): ReturnType<typeof validTemplate> {
  const t = validTemplate();
  const machine = t.Resources.Machine as TemplateResource & { Properties: { DefinitionString: Json } };
  machine.Properties.DefinitionString = {
    'Fn::Sub': [
      '{"States":{"Reserve":{"Resource":"${fn}"},"Publish":{"TopicArn":"${events}"},"Alert":{"TopicArn":"${alerts}"},"Dlq":{"QueueUrl":"${dlq}"},' +
        '"Child":{"Resource":"arn:aws:states:::states:startExecution.sync:2","Arguments":{"StateMachineArn":"${child}"}}}}',
      {
        fn: ref('ReserveLambdaVersion'),
        events: ref('EventsTopic'),
        alerts: ref('AlertsTopic'),
        dlq: ref('DeadLetterQueue'),
        child: ref('ChildVersion'),
      },
    ],
  };
  t.Resources.Child = {
    Type: 'AWS::StepFunctions::StateMachine',
    Properties: {
      StateMachineName: 'app-dev-child',
      StateMachineType: 'EXPRESS',
      RoleArn: getAtt('ChildRole'),
      DefinitionString: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt('MachineLogGroup') } }],
      },
      TracingConfiguration: { Enabled: true },
    },
  };
  t.Resources.ChildRole = {
    Type: 'AWS::IAM::Role',
    Properties: { Policies: policy(allow(['logs:CreateLogDelivery', 'xray:PutTraceSegments'], '*')) },
  };
  t.Resources.ChildVersion = {
    Type: 'AWS::StepFunctions::StateMachineVersion',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: { StateMachineArn: ref('Child'), StateMachineRevisionId: getAtt('Child', 'StateMachineRevisionId') },
  };
  statementsOf(t, 'MachineRole').push(...grants);
  return t;
}

const SYNC_GRANTS = [
  allow('states:StartExecution', [ref('ChildVersion')]),
  allow(['states:DescribeExecution', 'states:StopExecution'], [sub(EXECUTIONS)]),
  allow(['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], [sub(RULE)]),
];

it('accepts the .sync grants on the child, its executions and the managed rule; the child needs no alias nor alarm', () => {
  expect(violations(withChild(SYNC_GRANTS))).toEqual([]);
});

it.each([
  ['StartExecution on another machine', allow('states:StartExecution', [ref('MachineVersion')])],
  [
    "DescribeExecution on another machine's executions",
    allow('states:DescribeExecution', [sub(EXECUTIONS.replace('app-dev-child', 'app-dev-other'))]),
  ],
  ['PutRule on another rule', allow('events:PutRule', [sub(RULE.replace('StepFunctionsGetEvents', 'Other'))])],
])('rejects %s', (_name, grant) => {
  expect(violations(withChild([...SYNC_GRANTS, grant]))).toEqual(['iam-state-machine MachineRole']);
});

it('rejects the .sync grants on a machine that starts no child', () => {
  const template = broken((t) => statementsOf(t, 'MachineRole').push(...SYNC_GRANTS));
  expect(violations(template)).toContain('iam-state-machine MachineRole');
});
