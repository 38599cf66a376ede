/** The template-check tests' fixture and helpers: a valid template, and ways to break and check it. */
import {
  checkTemplate,
  type CheckOptions,
  type Json,
  type Template,
  type TemplateResource,
} from '../../../tools/template/template-check';

/**
 * A small template that satisfies every rule: one traced function with its own role and log group,
 * its service's table, a state machine calling it (with its role, log group and alarms), an alerts
 * topic with a customer managed key, an events topic, a dead-letter queue, and the alarms.
 * Each test below breaks one thing and expects exactly the violation(s) that names it.
 */
export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
export const ref = (id: string) => ({ Ref: id });
export const policy = (...statements: Json[]) => [
  { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
];
export const allow = (action: string | string[], resource: Json) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});
export const xray = allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*');
const logsOf = (fn: string) =>
  allow(
    ['logs:CreateLogStream', 'logs:PutLogEvents'],
    [{ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${fn}:*:*` }],
  );

export function lambda(name: string, service: string, role: string): TemplateResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: `app-dev-${name}`,
      Handler: `services/${service}/handlers/${name}.handler`,
      Role: getAtt(role),
      TracingConfig: { Mode: 'Active' },
    },
  };
}

/** A table; with `expiresOn`, its records expire on that attribute and TTL is enabled on it. */
export function table(name: string, expiresOn?: string): TemplateResource {
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      TableName: `app-dev-${name}`,
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      ...(expiresOn === undefined ? {} : { TimeToLiveSpecification: { AttributeName: expiresOn, Enabled: true } }),
    },
  };
}

export function alarm(namespace: string, metric: string, dimension: string, target: Json): TemplateResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmActions: [ref('AlertsTopic')],
      Namespace: namespace,
      MetricName: metric,
      Dimensions: [{ Name: dimension, Value: target }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    },
  };
}

export function validTemplate(): Template & { Resources: Record<string, TemplateResource> } {
  return {
    Conditions: { NeverDeployed: { 'Fn::Equals': ['never', 'deployed'] } },
    Resources: {
      // The framework's shared role, left out by a false condition.
      SharedRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'NeverDeployed',
        Properties: { Policies: policy(allow('dynamodb:*', '*')) },
      },
      ReserveLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/lambda/app-dev-reserve', RetentionInDays: 30 },
      },
      ReserveRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: policy(logsOf('app-dev-reserve'), xray, allow(['dynamodb:GetItem'], getAtt('InventoryTable'))),
        },
      },
      ReserveLambdaFunction: lambda('reserve', 'inventory', 'ReserveRole'),
      InventoryTable: table('inventory', 'expiresAt'),
      MachineLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/vendedlogs/states/app-dev', RetentionInDays: 30 },
      },
      MachineRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: policy(
            allow('lambda:InvokeFunction', [
              getAtt('ReserveLambdaFunction'),
              { 'Fn::Sub': ['${functionArn}:*', { functionArn: getAtt('ReserveLambdaFunction') }] },
            ]),
            allow('sns:Publish', [ref('EventsTopic'), ref('AlertsTopic')]),
            allow('sqs:SendMessage', [getAtt('DeadLetterQueue')]),
            allow(['kms:GenerateDataKey', 'kms:Decrypt'], [getAtt('AlertsKey')]),
            allow(['logs:CreateLogDelivery', 'xray:PutTraceSegments'], '*'),
          ),
        },
      },
      Machine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          RoleArn: getAtt('MachineRole'),
          DefinitionString: {
            'Fn::Sub': [
              '{"States":{"Reserve":{"Resource":"${fn}"},"Publish":{"TopicArn":"${events}"},"Alert":{"TopicArn":"${alerts}"},"Dlq":{"QueueUrl":"${dlq}"}}}',
              {
                fn: getAtt('ReserveLambdaFunction'),
                events: ref('EventsTopic'),
                alerts: ref('AlertsTopic'),
                dlq: ref('DeadLetterQueue'),
              },
            ],
          },
          LoggingConfiguration: {
            Level: 'ERROR',
            IncludeExecutionData: true,
            Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt('MachineLogGroup') } }],
          },
          TracingConfiguration: { Enabled: true },
        },
      },
      AlertsKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      AlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: ref('AlertsKey') } },
      EventsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } },
      DeadLetterQueue: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'app-dev-dlq', SqsManagedSseEnabled: true },
      },
      DeploymentBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        },
      },
      ReserveErrorsAlarm: alarm('AWS/Lambda', 'Errors', 'FunctionName', ref('ReserveLambdaFunction')),
      ReserveThrottlesAlarm: alarm('AWS/Lambda', 'Throttles', 'FunctionName', ref('ReserveLambdaFunction')),
      DeadLetterQueueAlarm: alarm(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        getAtt('DeadLetterQueue', 'QueueName'),
      ),
      ExecutionsFailedAlarm: alarm('AWS/States', 'ExecutionsFailed', 'StateMachineArn', ref('Machine')),
    },
  };
}

export const OPTIONS: CheckOptions = { retainData: true, ttlTables: { InventoryTable: 'expiresAt' } };

/** `rule resource` for each violation, for exact comparisons. */
export function violations(template: Template, options: CheckOptions = OPTIONS): string[] {
  return checkTemplate(template, options).map((violation) => `${violation.rule} ${violation.resource}`);
}

/** The template after `change` mutated a fresh copy. */
export function broken(change: (t: ReturnType<typeof validTemplate>) => void): Template {
  const template = validTemplate();
  change(template);
  return template;
}

type Props = Record<string, Json>;
export const props = (t: ReturnType<typeof validTemplate>, id: string): Props => {
  const resource = t.Resources[id];
  if (!resource?.Properties) throw new Error(`fixture has no ${id}`);
  return resource.Properties;
};
export const statementsOf = (t: ReturnType<typeof validTemplate>, roleId: string): Json[] => {
  const [first] = props(t, roleId).Policies as { PolicyDocument: { Statement: Json[] } }[];
  if (!first) throw new Error(`fixture role ${roleId} has no policy`);
  return first.PolicyDocument.Statement;
};
