'use strict';
/**
 * Project plugin: makes `sls invoke local` run offline against the embedded stack.
 *
 * On `invoke local` it starts DynamoDB Local (data kept in .local/dynamodb between invocations),
 * creates the tables declared in serverless.yml, seeds new tables from local/seed.json, points the
 * AWS SDK at the stack through the standard AWS_ENDPOINT_URL_<SERVICE> variables and replaces
 * CloudFormation references in function environments by their offline values (the framework
 * would otherwise look them up in a deployed stack). The stack stops when the invocation ends.
 * Other commands (package, deploy) are untouched.
 *
 * The offline runtime is TypeScript (local/offline-invoke.ts); it is bundled here with esbuild
 * on each run so `npx sls invoke local` works on a fresh clone with no build step.
 */
const path = require('node:path');
const esbuild = require('esbuild');

class OfflineRuntimePlugin {
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.options = options || {};
    this.log = (utils && utils.log) || console;
    this.runtime = undefined;
    this.hooks = {
      initialize: () => this.startIfInvokingLocally(),
      'after:invoke:local:invoke': () => this.stop(),
    };
  }

  isInvokeLocal() {
    const commands = (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    return commands[0] === 'invoke' && commands[1] === 'local';
  }

  loadRuntime(root) {
    const outfile = path.join(root, '.local', 'build', 'offline-invoke.cjs');
    esbuild.buildSync({
      entryPoints: [path.join(root, 'local', 'offline-invoke.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      logLevel: 'error',
    });
    return require(outfile);
  }

  async startIfInvokingLocally() {
    if (!this.isInvokeLocal() || process.env.OFFLINE_RUNTIME === 'off') return;
    const root = this.serverless.serviceDir;
    const provider = this.serverless.getProvider('aws');
    const functionName = this.options.function || this.options.f;
    const runtime = this.loadRuntime(root);
    this.runtime = await runtime.startOfflineInvoke({
      root,
      stage: provider.getStage(),
      functionName,
    });
    // The framework resolves object-valued environment entries against a deployed stack;
    // give it the offline values instead.
    const fn = this.serverless.service.getFunction(functionName);
    fn.environment = { ...(fn.environment || {}), ...this.runtime.functionEnvironment };
    this.serverless.service.provider.environment = {
      ...(this.serverless.service.provider.environment || {}),
      ...this.runtime.sharedEnvironment,
    };
    // Keep the process from exiting with the database still running if the invocation throws.
    process.once('beforeExit', () => this.stop());
  }

  async stop() {
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) await runtime.stop();
  }
}

module.exports = OfflineRuntimePlugin;
