/** The data-protection (data-*) and encryption rules of the template check. */
import { NotificationSchema } from '../../../services/notification/schemas';
import {
  checkTemplate,
  DEFAULT_TTL_TABLES,
  type CheckOptions,
  type Template,
} from '../../../tools/template/template-check';
import { OPTIONS, broken, props, ref, statementsOf, validTemplate, violations } from './fixture';
import type { Json } from 'offline-aws/serverless/config';

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
});
