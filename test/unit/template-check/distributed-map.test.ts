/**
 * What a state machine with a Distributed Map may grant its own role (iam-state-machine), per
 * https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html: as
 * serverless-step-functions generates it for workflows/bulk-import.asl.yml, and nothing wider.
 */
import type { Json } from '../../../tools/template/check/types';
import { allow, broken, props, statementsOf, violations } from './fixture';

const NAME = 'app-dev-import';
const sub = (text: string) => ({ 'Fn::Sub': [text, {}] });
const MAP = {
  Reserve: { Resource: '${fn}' },
  Publish: { TopicArn: '${events}' },
  Alert: { TopicArn: '${alerts}' },
  Dlq: { QueueUrl: '${dlq}' },
  Import: {
    Type: 'Map',
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      Arguments: { Bucket: 'imports', Key: '{% $states.input.key %}' },
    },
    ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'X', States: {} },
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'imports', Prefix: 'results' } },
  },
};

/** The fixture's machine with a Distributed Map, plus `grants` on its role. */
const withDistributedMap = (...grants: Json[]) =>
  broken((t) => {
    const machine = props(t, 'Machine');
    const [, values] = (machine.DefinitionString as { 'Fn::Sub': [string, Json] })['Fn::Sub'];
    machine.DefinitionString = { 'Fn::Sub': [JSON.stringify({ States: MAP }), values] };
    machine.StateMachineName = NAME;
    statementsOf(t, 'MachineRole').push(...grants);
  });

const GENERATED = [
  allow('states:StartExecution', [
    sub(`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${NAME}`),
  ]),
  allow(
    ['states:DescribeExecution', 'states:StopExecution'],
    [sub(`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${NAME}:*`)],
  ),
  allow(
    ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    [
      sub(
        'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
      ),
    ],
  ),
  allow('s3:GetObject', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::imports/*' }]),
  allow('s3:PutObject', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::imports/results/*' }]),
  allow(
    ['s3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::imports/results/*']] }],
  ),
];

describe('a Distributed Map on the state machine role', () => {
  it('accepts its child executions, its reader bucket and its writer prefix', () => {
    expect(violations(withDistributedMap(...GENERATED))).toEqual([]);
  });

  it('rejects another machine, another bucket, or writing outside the results prefix', () => {
    const template = withDistributedMap(
      allow('states:StartExecution', [sub('arn:aws:states:eu-west-1:123456789012:stateMachine:other')]),
      allow('s3:GetObject', ['arn:aws:s3:::elsewhere/*']),
      allow('s3:PutObject', ['arn:aws:s3:::imports/*']),
    );
    expect(violations(template)).toEqual([
      'iam-state-machine MachineRole',
      'iam-state-machine MachineRole',
      'iam-state-machine MachineRole',
    ]);
  });

  it('grants none of it to a machine without a Distributed Map', () => {
    const template = broken((t) => {
      statementsOf(t, 'MachineRole').push(...GENERATED.slice(0, 1));
    });
    expect(violations(template)).toEqual(['iam-state-machine MachineRole']);
  });
});
