/**
 * Jest globalSetup of the stack tests (and of test:slow): starts the DynamoDB Local every test
 * file shares (test/support/shared-dynamodb.ts) and brings the functions' bundles up to date
 * (packages/offline-aws/src/lambda/bundle.ts): on a fresh clone every test process would otherwise build them at once
 * in its first file.
 *
 * It does not wait for either. Jest runs the global setup before any test, and the unit files
 * (Jest's runner, test/support/sequencer.cjs puts them first) need neither: the JVM boots and
 * esbuild builds while they run. The endpoint's port is chosen here, so the test processes get it
 * in their environment; they wait for the setup to finish before their first file
 * (setup-ready.ts, through a file this setup writes when done, or failed). global-teardown.ts
 * waits for it too, then stops the database; if the run is interrupted, the exit hook of
 * packages/offline-aws/src/dynamodb/dynamodb-local.ts kills it with this process.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDynamoDbLocal } from 'offline-aws/dynamodb/dynamodb-local';
import { bundleFunctions } from 'offline-aws/lambda/bundle';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { SHARED_DYNAMODB_ENDPOINT } from './shared-dynamodb';
import { sharedState } from './global-state';
import { SETUP_READY_FILE, type SetupOutcome } from './setup-ready';

/** The configurations whose functions the stack tests run: the project's and the runtime package's test projects. */
const CONFIGURATIONS = [
  {},
  { root: join(process.cwd(), 'packages', 'offline-aws', 'test', 'conformance', 'fixtures') },
  { root: join(process.cwd(), 'packages', 'offline-aws', 'test', 'fixtures', 'tiny-project'), stage: 'test' },
  // At the stage its tests run it (packages/offline-aws/test/conformance/sfn-client.ts): bundles are kept per stage.
  { root: join(process.cwd(), 'packages', 'offline-aws', 'test', 'fixtures', 'sfn-project'), stage: 'test' },
];

/** Written whole or not at all (a rename), so a reader never sees half of it. */
function writeOutcome(file: string, outcome: SetupOutcome): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(outcome));
  renameSync(`${file}.tmp`, file);
}

export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const readyFile = join(mkdtempSync(join(tmpdir(), 'order-processing-test-run-')), 'setup.json');
  // Test processes are started after the global setup and inherit this environment.
  process.env[SHARED_DYNAMODB_ENDPOINT] = `http://127.0.0.1:${port}`;
  process.env[SETUP_READY_FILE] = readyFile;
  sharedState.readyDirectory = join(readyFile, '..');
  sharedState.setup = (async () => {
    try {
      // unref: a run that never reaches the teardown must not hang on the database. shortLived: C1
      // only; C2's compiles cost more CPU than they save in a run of a few minutes.
      const [dynamoDb] = await Promise.all([
        startDynamoDbLocal({ port, unref: true, shortLived: true }),
        ...CONFIGURATIONS.map((options) => bundleFunctions(loadServerlessConfig(options))),
      ]);
      sharedState.dynamoDb = dynamoDb;
      writeOutcome(readyFile, { ok: true });
    } catch (error) {
      writeOutcome(readyFile, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  })();
}
