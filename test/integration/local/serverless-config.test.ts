import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadServerlessConfig, type Json } from '../../../local/serverless-config';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../../support/processes';

/**
 * Parity of the offline reader of serverless.yml (local/serverless-config.ts) with the framework:
 * `sls print` resolves the same files with the framework's own variable resolver, and every part
 * the offline runtime reads must come out the same — the functions (handler, environment, events,
 * timeout), the resources, the state machines, the provider's region, timeout and environment.
 * Once per stage: stage-dependent values (the tables' Retain policy on prod) are nested variables.
 * The rest of `provider` is left out: the framework adds its defaults there (`versionFunctions`)
 * and normalizes shapes the offline runtime does not read (a one-element JWT `audience` list).
 */
const root = resolve(__dirname, '../../..');

type JsonObject = { [key: string]: Json };

/** `sls print --format json` for a stage: the configuration with every variable resolved by the framework. */
function printed(stage: string): JsonObject {
  // The osls bin on this process's Node, as tools/template/check-template.ts runs it.
  const sls = resolve(root, 'node_modules', 'osls', 'bin', 'serverless.js');
  const result = spawnSync(process.execPath, [sls, 'print', '--stage', stage, '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const reason = result.error ? String(result.error) : `exit ${String(result.status)}`;
    throw new Error(`sls print --stage ${stage} failed (${reason})\n${result.stdout}${result.stderr}`);
  }
  return JSON.parse(result.stdout) as JsonObject;
}

const objectOf = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

describe.each(['dev', 'prod'])('stage %s', (stage) => {
  let framework: JsonObject;
  beforeAll(() => {
    framework = printed(stage);
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
