/**
 * The engine's S3 access (engine/distributed/s3-access.ts) on an SDK S3 client: the local stack's
 * emulator, path-style. S3's refusals become S3CallError with S3's code and message.
 */
import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { S3CallError, type S3Access, type S3ObjectSummary } from '../engine/distributed/s3-access';

/** S3's error as the engine reports it; anything else (a network failure) keeps its message. */
function callError(error: unknown): S3CallError {
  if (error instanceof S3ServiceException) {
    return new S3CallError(
      error.name,
      error.message !== '' && error.message !== 'UnknownError' ? error.message : error.name,
    );
  }
  return new S3CallError('NetworkingError', error instanceof Error ? error.message : String(error));
}

async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw callError(error);
  }
}

/**
 * @param clientOf the client, asked for at each call (so a runner whose executions never touch S3
 * never needs one).
 */
export function s3Access(clientOf: () => S3Client): S3Access {
  return {
    async getObject(bucket, key, options = {}) {
      const response = await call(() =>
        clientOf().send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: options.versionId })),
      );
      const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return Buffer.from(options.gunzip ? gunzipSync(bytes) : bytes).toString('utf8');
    },
    async listObjectsV2(bucket, prefix) {
      const objects: S3ObjectSummary[] = [];
      let token: string | undefined;
      do {
        const page = await call(() =>
          clientOf().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const object of page.Contents ?? []) {
          objects.push({
            Etag: object.ETag ?? '',
            Key: object.Key ?? '',
            LastModified: Math.floor((object.LastModified?.getTime() ?? 0) / 1000),
            Size: object.Size ?? 0,
            StorageClass: object.StorageClass ?? 'STANDARD',
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return objects;
    },
    async putObject(bucket, key, body) {
      await call(() =>
        clientOf().send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
        ),
      );
    },
  };
}
