/**
 * The committed class of the DynamoDB Local launcher (java/LoopbackDynamoDbLocal.class, run by
 * src/dynamodb/dynamodb-local.ts) is what its source compiles to: recompiled here with the build
 * script and compared byte for byte. Needs a JDK's javac (a JRE runs the class but cannot build it).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PACKAGE = join(import.meta.dirname, '..', '..');
/** A compile takes seconds (the script kills javac at 120 s); a backstop for the script itself. */
const COMPILE_TIMEOUT_MS = 150_000;
const hasJavac = spawnSync('javac', ['-version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;

(hasJavac ? it : it.skip)(
  'java/LoopbackDynamoDbLocal.class is built from the source beside it',
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'loopback-launcher-'));
    try {
      // Asynchronous, with a deadline: a synchronous child blocks this process's event loop, so
      // neither Jest's timeout nor anything else could end a compiler that never returns.
      await promisify(execFile)(process.execPath, [join(PACKAGE, 'scripts', 'build-java.cjs'), out], {
        timeout: COMPILE_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
      const built = readFileSync(join(out, 'LoopbackDynamoDbLocal.class'));
      const committed = readFileSync(join(PACKAGE, 'java', 'LoopbackDynamoDbLocal.class'));
      // If this fails: node packages/offline-aws/scripts/build-java.cjs, and commit the class.
      expect(built.equals(committed)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  180_000,
);
