'use strict';
/**
 * Project plugin: makes `sls invoke local` run offline against the embedded stack.
 *
 * On `invoke local` with `npm start` running (found through `.local/endpoints.json`, or under
 * LOCAL_STATE_DIR), it points the AWS SDK at that stack and starts nothing: the invocation reads and
 * writes the running system's tables, topics and state machine. Otherwise it starts the embedded
 * stack (DynamoDB Local with data kept in .local/dynamodb
 * between invocations, the SNS/SQS emulator and the state machine runner), creates the tables,
 * seeds new ones from the project.s seed file (offline.config.ts), points the AWS SDK at it through the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables, and replaces CloudFormation references in function
 * environments by their offline values (the framework would otherwise look them up in a deployed
 * stack). After the invocation it lets any execution the function started run to its end (or to
 * a task-token wait), prints its path on stderr, and stops everything; joined, it prints the console
 * page of each execution started instead. Either way the handler gets the context Lambda would give
 * it (invoke-local/invocation.ts: configured memory and timeout), its module is loaded first (the
 * Init phase) and Lambda's REPORT line follows the invocation. Other commands never start the
 * runtime. Set OFFLINE_RUNTIME=off to invoke against real AWS instead.
 *
 * Before packaging (`sls package`, and so `sls deploy`), it checks every state machine definition
 * strictly (engine/definition-check.ts): the whole current Amazon States Language, no
 * unknown field or invalid value anywhere, and nothing the offline runtime cannot run (JSONata,
 * Assign). It prints one line per state machine checked, or fails the command with the issues,
 * each naming its path (`States.<State>...`), field and value.
 *
 * The offline runtime and the check are TypeScript; they are bundled here with esbuild when their
 * sources changed, so `npx sls invoke local` and `npx sls package` work on a fresh clone. The
 * runtime bundles the handlers it runs itself (each function in its own execution environment,
 * lambda/pool.ts), with esbuild loaded from node_modules.
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { pathToFileURL } = require('node:url');
const esbuild = require('esbuild');

/** True when the bundle was built from this entry and none of its inputs changed since. */
function bundleIsFresh(outfile, metaFile, entry) {
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    if (meta.entry !== entry) return false;
    const builtAt = fs.statSync(outfile).mtimeMs;
    return meta.inputs.every((input) => fs.statSync(input).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

/**
 * What the runtime's bundles leave to node_modules: esbuild (native, cannot be bundled) and AWS's
 * ASL language service (its JSON language service is UMD and requires its own parts by computed
 * paths, which a bundle cannot follow).
 */
const BUNDLE_EXTERNAL = ['esbuild', 'amazon-states-language-service', 'vscode-json-languageservice'];

class OfflineRuntimePlugin {
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.options = options || {};
    this.log = (utils && utils.log) || console;
    this.runtime = undefined;
    this.hooks = {
      initialize: () => this.startIfInvokingLocally(),
      'before:invoke:local:invoke': () => this.beforeInvoke(),
      // After the framework's own hook for this event (core plugins come first): the invocation ended.
      'invoke:local:invoke': () => this.invoked(),
      'after:invoke:local:invoke': () => this.finish(),
      // The command failed (a missing or unparsable --path, an error of another plugin…): the stack
      // stops, or its servers and DynamoDB Local would keep the process from ever exiting.
      error: () => this.stop(),
      'before:package:initialize': () => this.checkStateMachineDefinitions(),
    };
  }

  isInvokeLocal() {
    const commands = (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    return commands[0] === 'invoke' && commands[1] === 'local' && process.env.OFFLINE_RUNTIME !== 'off';
  }

  /**
   * Bundles an entry of the offline runtime into one CommonJS file (BUNDLE_EXTERNAL stays
   * outside): invoke-local/invoke.ts (small: joining a running stack) and
   * invoke-local/own-stack.ts (the whole embedded stack, loaded only when there is none to join).
   */
  loadBundle(root, entry) {
    const outfile = path.join(root, '.local', 'build', `${path.basename(entry, '.ts')}.cjs`);
    const metaFile = `${outfile}.meta.json`;
    if (!bundleIsFresh(outfile, metaFile, entry)) {
      this.bundle(
        root,
        { entryPoints: [path.resolve(root, entry)], external: BUNDLE_EXTERNAL },
        entry,
        outfile,
        metaFile,
      );
    }
    return require(outfile);
  }

  /** Bundles engine/definition-check.ts; its packages are loaded from node_modules. */
  loadDefinitionCheck(root) {
    const entry = path.join(__dirname, 'engine', 'definition-check.ts');
    const outfile = path.join(root, '.local', 'build', 'definition-check.cjs');
    const metaFile = `${outfile}.meta.json`;
    if (!bundleIsFresh(outfile, metaFile, entry)) {
      this.bundle(root, { entryPoints: [path.resolve(root, entry)], packages: 'external' }, entry, outfile, metaFile);
    }
    return require(outfile);
  }

  /** Fails the command (before anything is packaged) when a state machine definition has issues. */
  async checkStateMachineDefinitions() {
    const root = this.serverless.serviceDir;
    const provider = this.serverless.getProvider('aws');
    const { checkServiceStateMachines } = this.loadDefinitionCheck(root);
    // The definitions as the framework resolved them: what serverless-step-functions deploys.
    const configuration = this.serverless.configurationInput || {};
    const report = await checkServiceStateMachines({
      root,
      stage: provider.getStage(),
      region: provider.getRegion(),
      stepFunctions: configuration.stepFunctions,
    });
    if (!report.ok) throw new this.serverless.classes.Error(report.text);
    (typeof this.log === 'function' ? this.log : console.log)(report.text);
  }

  bundle(root, source, entry, outfile, metaFile) {
    const result = esbuild.buildSync({
      ...source,
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith('<'))
      .map((input) => path.resolve(root, input));
    fs.writeFileSync(metaFile, JSON.stringify({ entry, inputs }));
  }

  async startIfInvokingLocally() {
    if (!this.isInvokeLocal()) return;
    const root = this.serverless.serviceDir;
    const provider = this.serverless.getProvider('aws');
    const functionName = this.options.function || this.options.f;
    if (!this.serverless.service.functions[functionName]) return; // the framework reports the unknown name
    const { startOfflineInvoke } = this.loadBundle(root, path.join(__dirname, 'invoke-local', 'invoke.ts'));
    this.runtime = await startOfflineInvoke({ root, stage: provider.getStage(), functionName }, (options) =>
      this.loadBundle(root, path.join(__dirname, 'invoke-local', 'own-stack.ts')).startOwnStack(options),
    );
    // The framework resolves object-valued environment entries against a deployed stack;
    // give it the offline values instead.
    const fn = this.serverless.service.getFunction(functionName);
    fn.environment = { ...(fn.environment || {}), ...this.runtime.functionEnvironment };
    this.serverless.service.provider.environment = {
      ...(this.serverless.service.provider.environment || {}),
      ...this.runtime.sharedEnvironment,
    };
    // If the invocation throws, the after-hook does not run: stop the stack on the way out.
    process.once('beforeExit', () => this.stop());
  }

  /**
   * Lambda's Init phase, then the context Lambda would give: loads the handler's module (the
   * framework's require or import then finds it loaded, as a warm Lambda environment has it) and
   * hands the framework the context with the function's memory, ARN and deadline. Node.js handlers
   * only: other runtimes run in processes of the framework's own.
   */
  async beforeInvoke() {
    if (!this.runtime) return;
    const provider = this.serverless.getProvider('aws');
    const fn = this.serverless.service.getFunction(this.options.function || this.options.f);
    if (!String(provider.getRuntime(fn.runtime)).startsWith('nodejs')) return;
    this.initDurationMs = await this.loadHandlerModule(fn.handler);
    const given = this.options.context;
    // A --context that is not a JSON object is the user's raw value: the framework passes it as it is.
    if (given === undefined || (given !== null && typeof given === 'object')) {
      this.options.context = this.runtime.invocation.context(given);
    }
    this.invokeStartedAt = performance.now();
  }

  /**
   * Loads the module of `handler` (`path/to/module.export`) as the framework's invoke local does
   * (osls lib/plugins/aws/invoke-local: require, else import of `.js` for ES modules, else `.cjs`)
   * and returns how long that took, in ms; undefined when it fails (the framework then loads it
   * again and reports the error as it does).
   */
  async loadHandlerModule(handler) {
    const modulePath = path.join(
      this.serverless.serviceDir,
      this.options.extraServicePath || '',
      handler.slice(0, handler.lastIndexOf('.')),
    );
    const started = performance.now();
    try {
      try {
        require(modulePath);
      } catch (error) {
        if (error.code === 'ERR_REQUIRE_ESM') await import(pathToFileURL(`${modulePath}.js`).href);
        else if (error.code === 'MODULE_NOT_FOUND') require(`${modulePath}.cjs`);
        else throw error;
      }
    } catch {
      return undefined;
    }
    return performance.now() - started;
  }

  invoked() {
    if (this.invokeStartedAt === undefined) return;
    this.durationMs = performance.now() - this.invokeStartedAt;
  }

  async finish() {
    if (!this.runtime) return;
    if (this.durationMs !== undefined) {
      const report = this.runtime.invocation.report({
        durationMs: this.durationMs,
        initDurationMs: this.initDurationMs,
      });
      process.stderr.write(`${report}\n`);
    }
    const summaries = await this.runtime.settle();
    for (const line of summaries) process.stderr.write(`${line}\n`);
    await this.stop();
  }

  async stop() {
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) await runtime.stop();
  }
}

module.exports = OfflineRuntimePlugin;
