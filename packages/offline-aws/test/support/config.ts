import type { CfnResource, ServerlessConfig } from '../../src/serverless/config';

/**
 * A serverless.yml as the runtime reads it, for unit tests: service `svc`, stage `dev`, eu-west-1,
 * account 000000000000, with these resources and functions.
 */
export function testConfig(
  resources: Record<string, CfnResource>,
  functions: ServerlessConfig['functions'] = {},
): ServerlessConfig {
  return {
    root: '/nowhere',
    service: 'svc',
    stage: 'dev',
    region: 'eu-west-1',
    accountId: '000000000000',
    functions,
    resources,
    stepFunctions: {},
    provider: {},
    custom: {},
    extensions: {},
  } as unknown as ServerlessConfig;
}
