/**
 * The committed class of the DynamoDB Local launcher (java/LoopbackDynamoDbLocal.class, run by
 * src/dynamodb/dynamodb-local.ts) is built from the source beside it: scripts/build-java.cjs writes
 * the SHA-256 of the source it compiled next to the class, and an edit of the source without a
 * rebuild fails here. No compiler is needed (a machine with a Java runtime only runs the class).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const JAVA = join(import.meta.dirname, '..', '..', 'java');

it('java/LoopbackDynamoDbLocal.class was built from LoopbackDynamoDbLocal.java as it is now', () => {
  const source = readFileSync(join(JAVA, 'LoopbackDynamoDbLocal.java'));
  const built = readFileSync(join(JAVA, 'LoopbackDynamoDbLocal.java.sha256'), 'utf8').trim();
  // If this fails: node packages/offline-aws/scripts/build-java.cjs, and commit the class and its .sha256.
  expect(createHash('sha256').update(source).digest('hex')).toBe(built);
});

it('java/LoopbackDynamoDbLocal.class runs on the Java 17 that DynamoDB Local needs (class file version 61)', () => {
  const header = readFileSync(join(JAVA, 'LoopbackDynamoDbLocal.class')).subarray(0, 8);
  expect(header.readUInt32BE(0)).toBe(0xcafebabe);
  // Bytes 6-7: the major version; 61 is Java 17 (JVMS §4.1).
  expect(header.readUInt16BE(6)).toBe(61);
});
