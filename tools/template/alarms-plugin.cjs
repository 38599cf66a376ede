'use strict';
/**
 * Project plugin: every function's Errors (or error rate) and Throttles alarms, to the ops-alerts
 * topic, generated at package time (and so on deploy) from `custom.functionAlarms`
 * (ops/serverless.yml) and each function's optional `alarms` setting. A new function gets its
 * alarms without a line of YAML. The generator is tools/template/function-alarms.ts (loaded with
 * tsx); this file only registers it with the framework.
 *
 * It also tidies the finished template (tools/template/tidy-template.ts): the framework's unused
 * shared Lambda role and the DependsOn entries a reference already enforces are removed, so AWS's
 * linter passes it without warnings (`npm run check:template`).
 *
 * And it empties serverless-esbuild's build directory before packaging: the zips are made from
 * that directory, so files of an earlier build (another stage's source maps, older metafiles)
 * would otherwise ship inside every function's zip, on `sls package` and `sls deploy` alike.
 */
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { require: requireTypeScript } = require('tsx/cjs/api');

class FunctionAlarmsPlugin {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    this.log = (utils && utils.log) || console;
    // The function setting, so the framework validates it instead of warning about an unknown property.
    serverless.configSchemaHandler.defineFunctionProperties('aws', {
      properties: {
        alarms: {
          type: 'object',
          properties: { errorRate: { type: 'array', items: { type: 'string' }, minItems: 1 } },
          additionalProperties: false,
        },
      },
    });
    // Before the framework merges `resources` into the template and the template is written.
    this.hooks = {
      // Before serverless-esbuild builds (package:createDeploymentArtifacts).
      'before:package:initialize': () => this.emptyBuildDirectory(),
      'before:package:finalize': () => this.addAlarms(),
      // After `resources` are merged into the template, before it is written.
      'before:aws:package:finalize:saveServiceState': () => this.tidyTemplate(),
    };
  }

  emptyBuildDirectory() {
    rmSync(join(this.serverless.serviceDir || this.serverless.config.servicePath, '.esbuild', '.build'), {
      recursive: true,
      force: true,
    });
  }

  tidyTemplate() {
    const { tidyTemplate } = requireTypeScript('./tidy-template.ts', module.filename);
    const { removed, redundantDependsOn } = tidyTemplate(
      this.serverless.service.provider.compiledCloudFormationTemplate,
    );
    const info = typeof this.log.verbose === 'function' ? this.log.verbose : () => {};
    info(
      `Template tidied: removed ${removed.join(', ') || 'nothing'}; ` +
        `${redundantDependsOn.length} DependsOn already enforced by a reference (tools/template/tidy-template.ts)`,
    );
  }

  addAlarms() {
    const { addFunctionAlarms } = requireTypeScript('./function-alarms.ts', module.filename);
    let ids;
    try {
      ids = addFunctionAlarms(this.serverless);
    } catch (error) {
      throw new this.serverless.classes.Error(error.message);
    }
    const info = typeof this.log.verbose === 'function' ? this.log.verbose : () => {};
    info(`Function alarms: ${ids.length} generated (tools/template/function-alarms.ts)`);
  }
}

module.exports = FunctionAlarmsPlugin;
