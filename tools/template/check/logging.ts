/** Logging, tracing, and the settings that switch observability off. */
import { type Context, type Json, report } from './types';
import { asArray, isObject, ofType, referencedIds } from './resources';

/** Step Functions log levels that record failed executions. */
const FAILURE_LOG_LEVELS: ReadonlySet<Json> = new Set(['ALL', 'ERROR', 'FATAL']);

/** How Powertools reads a boolean variable (`getBooleanFromEnv` with extended parsing). */
const isTruthy = (value: string) => ['1', 'y', 'yes', 't', 'true', 'on'].includes(value.toLowerCase());
const isFalsy = (value: string) => ['0', 'n', 'no', 'f', 'false', 'off'].includes(value.toLowerCase());

/**
 * Function environment settings that switch Powertools observability off. They are right for the
 * tests and the offline runtime (test/support/env.ts), never in a deployed function.
 */
export const OBSERVABILITY_OFF: readonly { variable: string; off: (value: string) => boolean; effect: string }[] = [
  { variable: 'POWERTOOLS_METRICS_DISABLED', off: isTruthy, effect: 'drops every metric' },
  { variable: 'POWERTOOLS_DEV', off: isTruthy, effect: 'drops every metric and pretty-prints the logs' },
  { variable: 'POWERTOOLS_TRACE_ENABLED', off: isFalsy, effect: 'turns X-Ray tracing off' },
  {
    variable: 'POWERTOOLS_LOG_LEVEL',
    off: (value) => value.toUpperCase() === 'SILENT',
    effect: 'silences every log line',
  },
];

export function checkLoggingAndTracing(ctx: Context): void {
  const { resources } = ctx;
  const logGroups = ofType(resources, 'AWS::Logs::LogGroup');
  for (const [id, group] of logGroups) {
    if (typeof group.Properties?.RetentionInDays !== 'number') {
      report(ctx, 'log-retention', id, 'has no RetentionInDays (logs would be kept forever)');
    }
  }
  const groupNames = new Set(logGroups.map(([, group]) => group.Properties?.LogGroupName));
  for (const [id, fn] of ofType(resources, 'AWS::Lambda::Function')) {
    const props = fn.Properties ?? {};
    const tracing = props.TracingConfig;
    if (!isObject(tracing) || tracing.Mode !== 'Active')
      report(ctx, 'lambda-tracing', id, 'has no TracingConfig Mode Active');
    const variables = isObject(props.Environment) ? props.Environment.Variables : undefined;
    for (const { variable, off, effect } of OBSERVABILITY_OFF) {
      const value = isObject(variables) ? variables[variable] : undefined;
      if (typeof value === 'string' && off(value)) {
        report(
          ctx,
          'observability-off',
          id,
          `sets ${variable}=${value}, which ${effect}; keep it to tests and offline`,
        );
      }
    }
    const ownGroup = isObject(props.LoggingConfig) ? props.LoggingConfig.LogGroup : undefined;
    const hasGroup =
      typeof props.FunctionName === 'string'
        ? groupNames.has(`/aws/lambda/${props.FunctionName}`) || (ownGroup !== undefined && groupNames.has(ownGroup))
        : [...referencedIds(ownGroup)].some((ref) => resources.get(ref)?.Type === 'AWS::Logs::LogGroup');
    if (!hasGroup) {
      report(ctx, 'log-retention', id, 'has no log group in the template (Lambda would create one without retention)');
    }
  }
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    const logging = machine.Properties?.LoggingConfiguration;
    const level = isObject(logging) ? logging.Level : undefined;
    const destinations = isObject(logging) ? asArray(logging.Destinations) : [];
    const toTemplateGroup = destinations.some((destination) =>
      [...referencedIds(destination)].some((ref) => resources.get(ref)?.Type === 'AWS::Logs::LogGroup'),
    );
    if (level === undefined || !FAILURE_LOG_LEVELS.has(level) || !toTemplateGroup) {
      report(
        ctx,
        'sfn-logging',
        id,
        'needs LoggingConfiguration with Level ALL/ERROR/FATAL and a log group of the template',
      );
    }
    const tracing = machine.Properties?.TracingConfiguration;
    if (!isObject(tracing) || tracing.Enabled !== true)
      report(ctx, 'sfn-tracing', id, 'has no TracingConfiguration Enabled');
  }
}
