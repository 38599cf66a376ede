'use strict';
/**
 * Project plugin: every function's Errors (or error rate) and Throttles alarms, to the ops-alerts
 * topic, generated at package time (and so on deploy) from `custom.functionAlarms`
 * (ops/serverless.yml) and each function's optional `alarms` setting. A new function gets its
 * alarms without a line of YAML. The generator is tools/template/function-alarms.ts (loaded with
 * tsx); this file only registers it with the framework.
 */
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
    this.hooks = { 'before:package:finalize': () => this.addAlarms() };
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
