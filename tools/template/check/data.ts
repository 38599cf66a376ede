/** Data protection (billing, recovery, retention, TTL) and encryption at rest. */
import { type Context, report } from './types';
import { isObject, ofType, referencedIds } from './resources';

export function checkData(ctx: Context): void {
  const { resources, options } = ctx;
  for (const [id, table] of ofType(resources, 'AWS::DynamoDB::Table')) {
    const props = table.Properties ?? {};
    if (props.BillingMode !== 'PAY_PER_REQUEST') report(ctx, 'data-billing', id, 'is not PAY_PER_REQUEST');
    if (!isObject(props.SSESpecification) || props.SSESpecification.SSEEnabled !== true) {
      report(ctx, 'encryption', id, 'has no SSESpecification.SSEEnabled: true');
    }
    if (
      !isObject(props.PointInTimeRecoverySpecification) ||
      props.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled !== true
    ) {
      report(ctx, 'data-pitr', id, 'has no point-in-time recovery');
    }
    if (options.retainData) {
      if (table.DeletionPolicy !== 'Retain' || table.UpdateReplacePolicy !== 'Retain') {
        report(ctx, 'data-retain', id, 'needs DeletionPolicy and UpdateReplacePolicy Retain on a production stage');
      }
    } else if (table.DeletionPolicy === undefined) {
      report(ctx, 'data-retain', id, 'has no explicit DeletionPolicy (Retain on production stages)');
    }
    const ttl = props.TimeToLiveSpecification;
    const ttlAttribute = isObject(ttl) && ttl.Enabled === true ? String(ttl.AttributeName) : undefined;
    const expiresOn = Object.hasOwn(options.ttlTables, id) ? options.ttlTables[id] : undefined;
    if (expiresOn !== undefined && ttlAttribute === undefined) {
      report(ctx, 'data-ttl', id, `its records expire on ${expiresOn}, but no TimeToLiveSpecification is enabled`);
    } else if (expiresOn !== undefined && ttlAttribute !== expiresOn) {
      report(ctx, 'data-ttl', id, `has TTL on ${ttlAttribute}, but its records expire on ${expiresOn}`);
    } else if (expiresOn === undefined && ttlAttribute !== undefined) {
      report(ctx, 'data-ttl', id, `has TTL on ${ttlAttribute}, but no code writes an expiry to its records`);
    }
  }
  for (const id of Object.keys(options.ttlTables)) {
    if (!resources.has(id))
      report(ctx, 'data-ttl', id, 'is expected (it holds expiring records) but not in the template');
  }
}

export function checkEncryption(ctx: Context): void {
  const { resources } = ctx;
  const alarmTopics = new Set<string>();
  for (const [, alarm] of ofType(resources, 'AWS::CloudWatch::Alarm')) {
    for (const ref of referencedIds(alarm.Properties?.AlarmActions)) alarmTopics.add(ref);
  }
  for (const [id, topic] of ofType(resources, 'AWS::SNS::Topic')) {
    const key = topic.Properties?.KmsMasterKeyId;
    if (key === undefined) {
      report(ctx, 'encryption', id, 'has no KmsMasterKeyId');
    } else if (alarmTopics.has(id) && typeof key === 'string' && key.startsWith('alias/aws/')) {
      report(ctx, 'encryption', id, `receives alarms but uses the AWS managed key ${key}, which CloudWatch cannot use`);
    }
  }
  for (const [id, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const props = queue.Properties ?? {};
    if (props.SqsManagedSseEnabled !== true && props.KmsMasterKeyId === undefined) {
      report(ctx, 'encryption', id, 'has neither SqsManagedSseEnabled nor KmsMasterKeyId');
    }
  }
  for (const [id, bucket] of ofType(resources, 'AWS::S3::Bucket')) {
    if (bucket.Properties?.BucketEncryption === undefined) report(ctx, 'encryption', id, 'has no BucketEncryption');
  }
}
