/** The least-privilege rules of the template check (iam-*). */
import { checkTemplate } from '../../../tools/template/template-check';
import {
  OPTIONS,
  alarm,
  allow,
  broken,
  getAtt,
  lambda,
  policy,
  props,
  ref,
  statementsOf,
  table,
  violations,
  xray,
} from './fixture';

describe('checkTemplate', () => {
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
});
