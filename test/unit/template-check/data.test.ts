/** The data-protection (data-*) and encryption rules of the template check. */
import { OPTIONS, broken, props, ref, statementsOf, validTemplate, violations } from './fixture';

describe('checkTemplate', () => {
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

    it('wants TTL on the tables with expiring records, and any TTL enabled', () => {
      const withoutTtl = broken((t) => {
        delete props(t, 'InventoryTable').TimeToLiveSpecification;
      });
      expect(violations(withoutTtl)).toEqual(['data-ttl InventoryTable']);
      expect(violations(withoutTtl, { ...OPTIONS, ttlTables: [] })).toEqual([]);

      const disabled = broken((t) => {
        props(t, 'InventoryTable').TimeToLiveSpecification = { AttributeName: 'expiresAt', Enabled: false };
      });
      expect(violations(disabled, { ...OPTIONS, ttlTables: [] })).toEqual(['data-ttl InventoryTable']);

      expect(violations(validTemplate(), { ...OPTIONS, ttlTables: ['OrdersTable'] })).toEqual(['data-ttl OrdersTable']);
    });

    it('defaults to the orders and notifications tables for TTL and to no retention', () => {
      expect(violations(validTemplate(), {})).toEqual(['data-ttl OrdersTable', 'data-ttl NotificationsTable']);
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
});
