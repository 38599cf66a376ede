/**
 * The committed class of the DynamoDB Local launcher (java/LoopbackDynamoDbLocal.class, run by
 * src/dynamodb/dynamodb-local.ts) is what its source compiles to: recompiled here with the build
 * script and compared byte for byte. Needs a JDK's javac (a JRE runs the class but cannot build it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = join(import.meta.dirname, '..', '..');
const hasJavac = spawnSync('javac', ['-version']).status === 0;

(hasJavac ? it : it.skip)('java/LoopbackDynamoDbLocal.class is built from the source beside it', () => {
  const out = mkdtempSync(join(tmpdir(), 'loopback-launcher-'));
  try {
    execFileSync('node', [join(PACKAGE, 'scripts', 'build-java.cjs'), out], { stdio: 'pipe' });
    const built = readFileSync(join(out, 'LoopbackDynamoDbLocal.class'));
    const committed = readFileSync(join(PACKAGE, 'java', 'LoopbackDynamoDbLocal.class'));
    // If this fails: node packages/offline-aws/scripts/build-java.cjs, and commit the class.
    expect(built.equals(committed)).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
