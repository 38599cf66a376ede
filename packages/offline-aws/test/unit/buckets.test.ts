/**
 * The buckets serverless.yml declares (AWS::S3::Bucket), as the local stack creates them: BucketName,
 * else CloudFormation's name without its random suffix
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html).
 */
import { declaredBuckets } from '../../src/messaging/buckets';
import type { ServerlessConfig } from '../../src/serverless/config';

const configWith = (resources: ServerlessConfig['resources']) =>
  ({ service: 'Orders', stage: 'dev', resources }) as unknown as ServerlessConfig;

describe('declaredBuckets', () => {
  it('names each bucket by its BucketName, else <service>-<stage>-<logical id> in lower case', () => {
    const config = configWith({
      Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'orders-in' } },
      ExportBucket: { Type: 'AWS::S3::Bucket' },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
    });
    expect(declaredBuckets(config)).toEqual(['orders-in', 'orders-dev-exportbucket']);
  });

  it('refuses a BucketName S3 would refuse, naming the resource', () => {
    const config = configWith({ Bad: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'Upper_Case' } } });
    expect(() => declaredBuckets(config)).toThrow(/resources\.Bad: "Upper_Case" is not a valid S3 bucket name/);
  });
});
