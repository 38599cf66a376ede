/**
 * What a Distributed Map needs of S3 (ItemReader, ResultWriter), as the engine sees it: an
 * interface the host gives (runner.ts builds it on the local stack's S3; a unit test gives a fake),
 * so the engine itself runs without a stack.
 */

/** One object as a Distributed Map's listObjectsV2 reader hands it to a child execution (input-output-itemreader.html). */
export interface S3ObjectSummary {
  /** The ETag as S3 gives it, quotes included (`"\"05704f…\""`). */
  Etag: string;
  Key: string;
  /** Seconds since the epoch. */
  LastModified: number;
  /** Bytes. */
  Size: number;
  StorageClass: string;
}

export interface S3Access {
  /** The object's body as UTF-8 text (`gunzip`: decompressed first). @throws S3CallError */
  getObject(bucket: string, key: string, options?: { versionId?: string; gunzip?: boolean }): Promise<string>;
  /** Every object under `prefix` (all pages), in S3's key order. @throws S3CallError */
  listObjectsV2(bucket: string, prefix?: string): Promise<S3ObjectSummary[]>;
  /** Writes `body` (UTF-8) at `key`. @throws S3CallError */
  putObject(bucket: string, key: string, body: string): Promise<void>;
}

/** An S3 call that S3 refused or that did not reach it: `code` is S3's error code (NoSuchKey, NoSuchBucket, …). */
export class S3CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3CallError';
  }
}
