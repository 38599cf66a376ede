/**
 * An in-memory S3 for the engine's Distributed Map tests (no stack): objects by bucket and key,
 * S3's NoSuchBucket / NoSuchKey refusals with S3's messages.
 */
import { createHash } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { S3CallError, type S3Access, type S3ObjectSummary } from '../../src/engine/distributed/s3-access';

export class MemoryS3 implements S3Access {
  readonly buckets = new Map<string, Map<string, { body: Buffer; modified: Date }>>();

  constructor(...buckets: string[]) {
    for (const bucket of buckets) this.buckets.set(bucket, new Map());
  }

  /** Stores `body` (gzip-compressed when `gzip`). */
  put(bucket: string, key: string, body: string, gzip = false): void {
    const data = Buffer.from(body, 'utf8');
    this.bucket(bucket).set(key, { body: gzip ? gzipSync(data) : data, modified: new Date() });
  }

  /** An object's text, or undefined. */
  text(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.get(key)?.body.toString('utf8');
  }

  private bucket(name: string) {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3CallError('NoSuchBucket', 'The specified bucket does not exist');
    return bucket;
  }

  getObject(bucket: string, key: string, options: { gunzip?: boolean } = {}): Promise<string> {
    const object = this.bucket(bucket).get(key);
    if (!object) return Promise.reject(new S3CallError('NoSuchKey', 'The specified key does not exist.'));
    return Promise.resolve((options.gunzip ? gunzipSync(object.body) : object.body).toString('utf8'));
  }

  listObjectsV2(bucket: string, prefix = ''): Promise<S3ObjectSummary[]> {
    const objects = [...this.bucket(bucket).entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, { body, modified }]) => ({
        Etag: `"${createHash('md5').update(body).digest('hex')}"`,
        Key: key,
        LastModified: Math.floor(modified.getTime() / 1000),
        Size: body.length,
        StorageClass: 'STANDARD',
      }));
    return Promise.resolve(objects);
  }

  putObject(bucket: string, key: string, body: string): Promise<void> {
    this.put(bucket, key, body);
    return Promise.resolve();
  }
}
