import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../support/processes';

/**
 * Parity of the offline reader of serverless.yml (packages/offline-aws/src/serverless/config.ts) with the framework:
 * `sls print` resolves the same files with the framework's own variable resolver, and every part
 * the offline runtime reads must come out the same — the functions (handler, environment, events,
 * timeout), the resources, the state machines, the provider's region, timeout and environment.
 * Once per stage: stage-dependent values (the tables' Retain policy on prod) are nested variables.
 * In `npm run test:slow`: each stage runs the framework as a process.
 * The rest of `provider` is left out: the framework adds its defaults there (`versionFunctions`)
 * and normalizes shapes the offline runtime does not read (a one-element JWT `audience` list).
 */
const root = resolve(import.meta.dirname, '../..');

type JsonObject = { [key: string]: Json };

/** `sls print --format json` for a stage: the configuration with every variable resolved by the framework. */
function printed(stage: string): Promise<JsonObject> {
  // The osls bin on this process's Node, as tools/template/check-template.ts runs it.
  const sls = resolve(root, 'node_modules', 'osls', 'bin', 'serverless.js');
  return new Promise((resolvePrinted, reject) => {
    execFile(
      process.execPath,
      [sls, 'print', '--stage', stage, '--format', 'json'],
      { cwd: root, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`sls print --stage ${stage} failed (${String(error)})\n${stdout}${stderr}`));
          return;
        }
        try {
          resolvePrinted(JSON.parse(stdout) as JsonObject);
        } catch (parseError) {
          reject(new Error(`sls print --stage ${stage} printed no JSON (${String(parseError)})\n${stdout}`));
        }
      },
    );
  });
}

/** Both stages printed at once, started by the first stage's beforeAll (the two runs overlap). */
const STAGES = ['dev', 'prod'] as const;
let printing: Record<string, Promise<JsonObject>> | undefined;
const printedOnce = (stage: string): Promise<JsonObject> => {
  printing ??= Object.fromEntries(
    STAGES.map((name) => {
      const run = printed(name);
      run.catch(() => undefined); // reported by its own stage's beforeAll, not as unhandled meanwhile
      return [name, run];
    }),
  );
  return printing[stage] ?? printed(stage);
};

const objectOf = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

describe.each(STAGES)('stage %s', (stage) => {
  let framework: JsonObject;
  beforeAll(async () => {
    framework = await printedOnce(stage);
  }, PROCESS_TEST_TIMEOUT_MS);
  const offline = () => loadServerlessConfig({ root, stage });

  it('has the same resources', () => {
    expect(offline().resources).toEqual(objectOf(framework.resources).Resources);
  });

  it('has the same resource extensions (the HTTP API stage settings the local API reads)', () => {
    expect(offline().extensions).toEqual(objectOf(framework.resources).extensions);
    expect(offline().extensions).toHaveProperty('HttpApiStage');
  });

  it('has the same state machines', () => {
    expect(offline().stepFunctions).toEqual(framework.stepFunctions);
  });

  it('has the same functions, with the provider environment merged in and the provider timeout, memory and runtime as defaults', () => {
    const provider = objectOf(framework.provider);
    const expected = Object.fromEntries(
      Object.entries(objectOf(framework.functions)).map(([name, raw]) => {
        const fn = objectOf(raw);
        return [
          name,
          {
            name,
            handler: fn.handler,
            environment: { ...objectOf(provider.environment), ...objectOf(fn.environment) },
            events: fn.events ?? [],
            timeout: fn.timeout ?? provider.timeout,
            memorySize: fn.memorySize ?? provider.memorySize,
            runtime: fn.runtime ?? provider.runtime,
            ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
            // Asynchronous invocation settings, as declared (the framework's CloudFormation references).
            asyncInvoke: Object.fromEntries(
              Object.entries({
                maximumRetryAttempts: fn.maximumRetryAttempts,
                maximumEventAge: fn.maximumEventAge,
                onSuccess: objectOf(fn.destinations).onSuccess,
                onFailure: objectOf(fn.destinations).onFailure,
                onError: fn.onError,
              }).filter(([, value]) => value !== undefined),
            ),
          },
        ];
      }),
    );
    expect(offline().functions).toEqual(expected);
  });

  it('has the same service, region and provider settings the runtime reads', () => {
    const config = offline();
    const provider = objectOf(framework.provider);
    expect(config.service).toBe(framework.service);
    expect(config.stage).toBe(provider.stage);
    expect(config.region).toBe(provider.region);
    expect(config.provider.timeout).toEqual(provider.timeout);
    expect(config.provider.environment).toEqual(provider.environment);
  });
});
