/**
 * The S3 buckets serverless.yml declares (resources of Type AWS::S3::Bucket), created in the
 * embedded emulator at start as topics and queues are. A bucket's name is its BucketName; without
 * one CloudFormation names it `<stack name>-<logical id>-<random suffix>` in lower case
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html,
 * "BucketName"): offline the suffix is left out, so the name is stable between runs (a known
 * difference, docs/fidelity.md).
 */
import { resourcesOfType, type ServerlessConfig } from '../serverless/config';

/** S3's bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The name of every bucket serverless.yml declares.
 * @throws Error naming the resource when a BucketName is not a valid S3 bucket name.
 */
export function declaredBuckets(config: ServerlessConfig): string[] {
  const stack = `${config.service}-${config.stage}`;
  return resourcesOfType(config, 'AWS::S3::Bucket').map(([logicalId, bucket]) => {
    const given = bucket.Properties?.BucketName;
    const name =
      typeof given === 'string'
        ? given
        : `${stack}-${logicalId}`
            .toLowerCase()
            .replace(/[^a-z0-9.-]/g, '-')
            .slice(0, 63)
            .replace(/[.-]+$/, '');
    if (!BUCKET_NAME.test(name)) {
      throw new Error(
        `resources.${logicalId}: "${name}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)`,
      );
    }
    return name;
  });
}
