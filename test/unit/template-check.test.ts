import {
  checkTemplate,
  DEFAULT_TTL_TABLES,
  formatViolations,
  referencedIds,
  summarizeTemplate,
  type CheckOptions,
  type Json,
  type Template,
  type TemplateResource,
} from '../../tools/template/template-check';
import { NotificationSchema } from '../../services/notification/schemas';

/**
 * A small template that satisfies every rule: one traced function with its own role and log group,
 * its service's table, a state machine calling it (with its role, log group and alarms), an alerts
 * topic with a customer managed key, an events topic, a dead-letter queue, and the alarms.
 * Each test below breaks one thing and expects exactly the violation(s) that names it.
 */
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string) => ({ Ref: id });
const policy = (...statements: Json[]) => [
  { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
];
const allow = (action: string | string[], resource: Json) => ({ Effect: 'Allow', Action: action, Resource: resource });
const xray = allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*');
const logsOf = (fn: string) =>
  allow(
    ['logs:CreateLogStream', 'logs:PutLogEvents'],
    [{ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${fn}:*:*` }],
  );

function lambda(name: string, service: string, role: string): TemplateResource {
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
function table(name: string, expiresOn?: string): TemplateResource {
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

function alarm(namespace: string, metric: string, dimension: string, target: Json): TemplateResource {
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

function validTemplate(): Template & { Resources: Record<string, TemplateResource> } {
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

const OPTIONS: CheckOptions = { retainData: true, ttlTables: { InventoryTable: 'expiresAt' } };

/** `rule resource` for each violation, for exact comparisons. */
function violations(template: Template, options: CheckOptions = OPTIONS): string[] {
  return checkTemplate(template, options).map((violation) => `${violation.rule} ${violation.resource}`);
}

/** The template after `change` mutated a fresh copy. */
function broken(change: (t: ReturnType<typeof validTemplate>) => void): Template {
  const template = validTemplate();
  change(template);
  return template;
}

type Props = Record<string, Json>;
const props = (t: ReturnType<typeof validTemplate>, id: string): Props => {
  const resource = t.Resources[id];
  if (!resource?.Properties) throw new Error(`fixture has no ${id}`);
  return resource.Properties;
};
const statementsOf = (t: ReturnType<typeof validTemplate>, roleId: string): Json[] => {
  const [first] = props(t, roleId).Policies as { PolicyDocument: { Statement: Json[] } }[];
  if (!first) throw new Error(`fixture role ${roleId} has no policy`);
  return first.PolicyDocument.Statement;
};

describe('checkTemplate', () => {
  it('finds nothing wrong in a template that follows every rule', () => {
    expect(checkTemplate(validTemplate(), OPTIONS)).toEqual([]);
  });

  describe('least privilege', () => {
    it('wants a role of the template on every function', () => {
      const template = broken((t) => {
        delete props(t, 'ReserveLambdaFunction').Role;
      });
      expect(violations(template)).toEqual(['iam-own-role ReserveLambdaFunction', 'iam-unused-role ReserveRole']);
    });

    it('rejects a function on a role that is not deployed (the shared role behind a false condition)', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').Role = getAtt('SharedRole');
      });
      expect(violations(template)).toEqual(['iam-own-role ReserveLambdaFunction', 'iam-unused-role ReserveRole']);
      expect(checkTemplate(template, OPTIONS)[0]?.message).toMatch(/SharedRole, which is not deployed/);
    });

    it('rejects two functions sharing one role', () => {
      const template = broken((t) => {
        t.Resources.OtherLambdaFunction = lambda('reserve', 'inventory', 'ReserveRole');
        t.Resources.OtherErrorsAlarm = alarm('AWS/Lambda', 'Errors', 'FunctionName', ref('OtherLambdaFunction'));
        t.Resources.OtherThrottlesAlarm = alarm('AWS/Lambda', 'Throttles', 'FunctionName', ref('OtherLambdaFunction'));
      });
      expect(violations(template)).toEqual(['iam-own-role ReserveRole']);
    });

    it('rejects a deployed role that nothing uses', () => {
      const template = broken((t) => {
        t.Resources.IdleRole = { Type: 'AWS::IAM::Role', Properties: { Policies: policy(xray) } };
      });
      expect(violations(template)).toEqual(['iam-unused-role IdleRole']);
    });

    it.each([
      ['*', '*'],
      ['a service wildcard', 'dynamodb:*'],
      ['a partial wildcard', 'dynamodb:Get*'],
    ])('rejects %s as an action', (_what, action) => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').push(allow(action, getAtt('InventoryTable')));
      });
      expect(violations(template)).toEqual(['iam-wildcard-action ReserveRole']);
    });

    it('rejects NotAction and NotResource', () => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').push({
          Effect: 'Allow',
          NotAction: 'iam:*',
          Resource: getAtt('InventoryTable'),
        });
      });
      expect(violations(template)).toEqual(['iam-wildcard-action ReserveRole']);
    });

    it("rejects Resource '*' for actions that support resource-level permissions", () => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').push(allow(['dynamodb:GetItem', 'xray:PutTraceSegments'], '*'));
      });
      expect(violations(template)).toEqual(['iam-wildcard-resource ReserveRole']);
      expect(checkTemplate(template, OPTIONS)[0]?.message).toBe("allows dynamodb:GetItem on Resource '*'");
    });

    it("accepts Resource '*' for actions that have no resource-level permissions", () => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').push(allow(['states:SendTaskSuccess', 'states:SendTaskFailure'], '*'));
      });
      expect(violations(template)).toEqual([]);
    });

    it('ignores Deny statements', () => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').push({ Effect: 'Deny', Action: '*', Resource: '*' });
      });
      expect(violations(template)).toEqual([]);
    });

    it('counts statements of AWS::IAM::Policy resources attached to a role', () => {
      const template = broken((t) => {
        t.Resources.ExtraPolicy = {
          Type: 'AWS::IAM::Policy',
          Properties: { Roles: [ref('ReserveRole')], PolicyDocument: { Statement: [allow('s3:GetObject', '*')] } },
        };
      });
      expect(violations(template)).toEqual(['iam-wildcard-resource ReserveRole']);
    });

    it('rejects a function that can reach two tables', () => {
      const template = broken((t) => {
        t.Resources.PaymentsTable = table('payments');
        statementsOf(t, 'ReserveRole').push(allow('dynamodb:GetItem', getAtt('PaymentsTable')));
      });
      expect(violations(template)).toEqual(['iam-table-owner ReserveLambdaFunction']);
    });

    it('rejects functions of two services on one table', () => {
      const template = broken((t) => {
        t.Resources.ChargeLogGroup = {
          Type: 'AWS::Logs::LogGroup',
          Properties: { LogGroupName: '/aws/lambda/app-dev-charge', RetentionInDays: 7 },
        };
        t.Resources.ChargeRole = {
          Type: 'AWS::IAM::Role',
          Properties: { Policies: policy(xray, allow('dynamodb:PutItem', getAtt('InventoryTable'))) },
        };
        t.Resources.ChargeLambdaFunction = lambda('charge', 'payment', 'ChargeRole');
        t.Resources.ChargeErrorsAlarm = alarm('AWS/Lambda', 'Errors', 'FunctionName', ref('ChargeLambdaFunction'));
        t.Resources.ChargeThrottlesAlarm = alarm(
          'AWS/Lambda',
          'Throttles',
          'FunctionName',
          ref('ChargeLambdaFunction'),
        );
      });
      expect(violations(template)).toEqual(['iam-table-owner InventoryTable']);
      expect(checkTemplate(template, OPTIONS)[0]?.message).toMatch(/inventory, payment/);
    });

    it('rejects a traced function whose role cannot write traces', () => {
      const template = broken((t) => {
        statementsOf(t, 'ReserveRole').splice(1, 1);
      });
      expect(violations(template)).toEqual(['iam-xray ReserveLambdaFunction']);
    });

    it('rejects a state machine role granting an action no state needs', () => {
      const template = broken((t) => {
        statementsOf(t, 'MachineRole').push(allow('dynamodb:GetItem', getAtt('InventoryTable')));
      });
      expect(violations(template)).toEqual(['iam-state-machine MachineRole']);
    });

    it('rejects a state machine role reaching a function, topic or key the definition does not use', () => {
      const template = broken((t) => {
        t.Resources.OtherKey = { Type: 'AWS::KMS::Key', Properties: {} };
        statementsOf(t, 'MachineRole').push(
          allow('lambda:InvokeFunction', [getAtt('SomeOtherFunction')]),
          allow('sns:Publish', ['arn:aws:sns:eu-west-1:123456789012:elsewhere']),
          allow('kms:Decrypt', [getAtt('OtherKey')]),
        );
      });
      expect(violations(template)).toEqual([
        'iam-state-machine MachineRole',
        'iam-state-machine MachineRole',
        'iam-state-machine MachineRole',
      ]);
    });

    it('rejects a state machine role that cannot invoke a function its definition calls', () => {
      const template = broken((t) => {
        statementsOf(t, 'MachineRole').splice(0, 1);
      });
      expect(violations(template)).toEqual(['iam-state-machine MachineRole']);
      expect(checkTemplate(template, OPTIONS)[0]?.message).toMatch(/cannot invoke ReserveLambdaFunction/);
    });

    it("leaves '*' on a state machine role to the wildcard rule", () => {
      const template = broken((t) => {
        statementsOf(t, 'MachineRole').push(allow('sns:Publish', '*'));
      });
      expect(violations(template)).toEqual(['iam-wildcard-resource MachineRole']);
    });
  });

  describe('data', () => {
    it('wants on-demand billing, encryption and point-in-time recovery on every table', () => {
      const template = broken((t) => {
        const p = props(t, 'InventoryTable');
        p.BillingMode = 'PROVISIONED';
        p.SSESpecification = { SSEEnabled: false };
        delete p.PointInTimeRecoverySpecification;
      });
      expect(violations(template)).toEqual([
        'data-billing InventoryTable',
        'encryption InventoryTable',
        'data-pitr InventoryTable',
      ]);
    });

    it('wants tables retained on a production stage', () => {
      const template = broken((t) => {
        const inventory = t.Resources.InventoryTable;
        if (inventory) inventory.DeletionPolicy = 'Delete';
      });
      expect(violations(template)).toEqual(['data-retain InventoryTable']);
      expect(violations(template, { ...OPTIONS, retainData: false })).toEqual([]);
    });

    it('wants an explicit DeletionPolicy on other stages', () => {
      const template = broken((t) => {
        const inventory = t.Resources.InventoryTable;
        if (inventory) delete inventory.DeletionPolicy;
      });
      expect(violations(template, { ...OPTIONS, retainData: false })).toEqual(['data-retain InventoryTable']);
    });

    const ttlOf = (ttl: Json | undefined) =>
      broken((t) => {
        if (ttl === undefined) delete props(t, 'InventoryTable').TimeToLiveSpecification;
        else props(t, 'InventoryTable').TimeToLiveSpecification = ttl;
      });
    const messages = (template: Template, options: CheckOptions = OPTIONS) =>
      checkTemplate(template, options).map((violation) => violation.message);

    it('wants TTL enabled on exactly the attribute the records of an expiring table carry', () => {
      expect(messages(ttlOf(undefined))).toEqual([
        'its records expire on expiresAt, but no TimeToLiveSpecification is enabled',
      ]);
      expect(violations(ttlOf({ AttributeName: 'expiresAt', Enabled: false }))).toEqual(['data-ttl InventoryTable']);
      expect(messages(ttlOf({ AttributeName: 'ttl', Enabled: true }))).toEqual([
        'has TTL on ttl, but its records expire on expiresAt',
      ]);
      const listedButMissing = { ...OPTIONS, ttlTables: { InventoryTable: 'expiresAt', OrdersTable: 'expiresAt' } };
      expect(violations(validTemplate(), listedButMissing)).toEqual(['data-ttl OrdersTable']);
    });

    it('refuses TTL on a table whose records carry no expiry: it would promise a retention nothing enforces', () => {
      const noExpiry = { ...OPTIONS, ttlTables: {} };
      expect(messages(validTemplate(), noExpiry)).toEqual([
        'has TTL on expiresAt, but no code writes an expiry to its records',
      ]);
      expect(violations(ttlOf(undefined), noExpiry)).toEqual([]);
      expect(violations(ttlOf({ AttributeName: 'expiresAt', Enabled: false }), noExpiry)).toEqual([]);
    });

    it('defaults to the notifications table, on the attribute the notification records carry, and to no retention', () => {
      expect(DEFAULT_TTL_TABLES).toEqual({ NotificationsTable: 'expiresAt' });
      expect(Object.keys(NotificationSchema.shape)).toContain(DEFAULT_TTL_TABLES.NotificationsTable);
      expect(violations(validTemplate(), {})).toEqual(['data-ttl InventoryTable', 'data-ttl NotificationsTable']);
    });
  });

  describe('encryption', () => {
    it('wants every topic, queue and bucket encrypted', () => {
      const template = broken((t) => {
        delete props(t, 'EventsTopic').KmsMasterKeyId;
        delete props(t, 'DeadLetterQueue').SqsManagedSseEnabled;
        delete props(t, 'DeploymentBucket').BucketEncryption;
      });
      expect(violations(template)).toEqual([
        'encryption EventsTopic',
        'encryption DeadLetterQueue',
        'encryption DeploymentBucket',
      ]);
    });

    it('accepts a queue encrypted with a KMS key', () => {
      const template = broken((t) => {
        delete props(t, 'DeadLetterQueue').SqsManagedSseEnabled;
        props(t, 'DeadLetterQueue').KmsMasterKeyId = ref('AlertsKey');
      });
      expect(violations(template)).toEqual([]);
    });

    it('rejects the AWS managed SNS key on a topic that receives alarms', () => {
      const template = broken((t) => {
        props(t, 'AlertsTopic').KmsMasterKeyId = 'alias/aws/sns';
        statementsOf(t, 'MachineRole').splice(3, 1); // the key is gone with it
      });
      expect(violations(template)).toEqual(['encryption AlertsTopic']);
    });
  });

  describe('logging and tracing', () => {
    it('wants Step Functions logging to a log group of the template, and tracing', () => {
      const template = broken((t) => {
        props(t, 'Machine').LoggingConfiguration = { Level: 'OFF' };
        delete props(t, 'Machine').TracingConfiguration;
      });
      expect(violations(template)).toContain('sfn-logging Machine');
      expect(violations(template)).toContain('sfn-tracing Machine');
    });

    it('wants a log destination even at a good level', () => {
      const template = broken((t) => {
        props(t, 'Machine').LoggingConfiguration = { Level: 'ALL', Destinations: [] };
      });
      expect(violations(template)).toContain('sfn-logging Machine');
    });

    it('wants active tracing on every function', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').TracingConfig = { Mode: 'PassThrough' };
      });
      expect(violations(template)).toEqual(['lambda-tracing ReserveLambdaFunction']);
    });

    it('rejects function environments that switch metrics, tracing or logs off', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').Environment = {
          Variables: {
            POWERTOOLS_METRICS_DISABLED: 'true',
            POWERTOOLS_DEV: '1',
            POWERTOOLS_TRACE_ENABLED: 'False',
            POWERTOOLS_LOG_LEVEL: 'silent',
          },
        };
      });
      expect(violations(template)).toEqual([
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
        'observability-off ReserveLambdaFunction',
      ]);
      expect(checkTemplate(template, OPTIONS).map((violation) => violation.message)).toEqual([
        'sets POWERTOOLS_METRICS_DISABLED=true, which drops every metric; keep it to tests and offline',
        'sets POWERTOOLS_DEV=1, which drops every metric and pretty-prints the logs; keep it to tests and offline',
        'sets POWERTOOLS_TRACE_ENABLED=False, which turns X-Ray tracing off; keep it to tests and offline',
        'sets POWERTOOLS_LOG_LEVEL=silent, which silences every log line; keep it to tests and offline',
      ]);
    });

    it('accepts the deployed Powertools settings and values it cannot read', () => {
      const template = broken((t) => {
        props(t, 'ReserveLambdaFunction').Environment = {
          Variables: {
            POWERTOOLS_LOG_LEVEL: 'INFO',
            POWERTOOLS_METRICS_DISABLED: 'false',
            POWERTOOLS_TRACE_ENABLED: 'true',
            POWERTOOLS_DEV: { Ref: 'DevMode' },
            NODE_OPTIONS: '--enable-source-maps',
          },
        };
      });
      expect(violations(template)).toEqual([]);
    });

    it('wants retention on every log group and a log group for every function', () => {
      const template = broken((t) => {
        delete props(t, 'MachineLogGroup').RetentionInDays;
        delete t.Resources.ReserveLogGroup;
      });
      expect(violations(template)).toEqual(['log-retention MachineLogGroup', 'log-retention ReserveLambdaFunction']);
    });

    it("accepts a function's LoggingConfig pointing at a log group of the template", () => {
      const template = broken((t) => {
        const p = props(t, 'ReserveLambdaFunction');
        delete p.FunctionName;
        p.LoggingConfig = { LogGroup: ref('ReserveLogGroup') };
      });
      expect(violations(template)).toEqual([]);
    });
  });

  describe('alarms', () => {
    it('wants every alarm to notify a topic of the template', () => {
      const template = broken((t) => {
        props(t, 'ReserveErrorsAlarm').AlarmActions = ['arn:aws:sns:eu-west-1:123456789012:elsewhere'];
      });
      expect(violations(template)).toEqual(['alarm-actions ReserveErrorsAlarm']);
    });

    it('wants an alarm on failed executions of every state machine', () => {
      const template = broken((t) => {
        delete t.Resources.ExecutionsFailedAlarm;
      });
      expect(violations(template)).toEqual(['alarm-executions-failed Machine']);
    });

    it('accepts an alarm on a metric filtered from ExecutionFailed events of its log, in metric math', () => {
      const template = broken((t) => {
        delete t.Resources.ExecutionsFailedAlarm;
        t.Resources.FailuresFilter = {
          Type: 'AWS::Logs::MetricFilter',
          Properties: {
            LogGroupName: ref('MachineLogGroup'),
            FilterPattern: '{ $.type = "ExecutionFailed" }',
            MetricTransformations: [{ MetricNamespace: 'app/dev', MetricName: 'Failures', MetricValue: '1' }],
          },
        };
        t.Resources.FailuresAlarm = {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmActions: [ref('AlertsTopic')],
            Metrics: [
              { Id: 'm', MetricStat: { Metric: { Namespace: 'app/dev', MetricName: 'Failures' } }, ReturnData: false },
              { Id: 'e', Expression: 'FILL(m, 0)', ReturnData: true },
            ],
          },
        };
      });
      expect(violations(template)).toEqual([]);
    });

    it('wants a depth > 0 alarm on every dead-letter queue', () => {
      const missing = broken((t) => {
        delete t.Resources.DeadLetterQueueAlarm;
      });
      expect(violations(missing)).toEqual(['alarm-dead-letter-queue DeadLetterQueue']);

      const tooLate = broken((t) => {
        props(t, 'DeadLetterQueueAlarm').Threshold = 5;
      });
      expect(violations(tooLate)).toEqual(['alarm-dead-letter-queue DeadLetterQueue']);

      const atLeastOne = broken((t) => {
        props(t, 'DeadLetterQueueAlarm').Threshold = 1;
        props(t, 'DeadLetterQueueAlarm').ComparisonOperator = 'GreaterThanOrEqualToThreshold';
      });
      expect(violations(atLeastOne)).toEqual([]);
    });

    it('recognises a dead-letter queue by a RedrivePolicy that targets it', () => {
      const template = broken((t) => {
        t.Resources.Parking = { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } };
        t.Resources.Work = {
          Type: 'AWS::SQS::Queue',
          Properties: { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: getAtt('Parking') } },
        };
      });
      expect(violations(template)).toEqual(['alarm-dead-letter-queue Parking']);
    });

    it('wants Errors and Throttles alarms on every function', () => {
      const template = broken((t) => {
        delete t.Resources.ReserveErrorsAlarm;
        delete t.Resources.ReserveThrottlesAlarm;
      });
      expect(violations(template)).toEqual([
        'alarm-lambda-errors ReserveLambdaFunction',
        'alarm-lambda-throttles ReserveLambdaFunction',
      ]);
    });
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
