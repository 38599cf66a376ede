/**
 * What CreateStateMachine reads beside the definition, validated as the Step Functions API does
 * (ValidationException, "1 validation error detected: …"): `loggingConfiguration`
 * (API_LoggingConfiguration.html) and `tracingConfiguration` (API_TracingConfiguration.html).
 */
import type { LoggingConfiguration } from '../engine/definition';
import { StepFunctionsError } from '../engine/errors';
import { validationErrors, violation } from './constraints';

type Body = Record<string, unknown>;

/** The API's ValidationException for one field, its value left out (constraints.ts words every violation). */
export const validation = (field: string, constraint: string) => validationErrors([violation(field, constraint)]);

/**
 * CreateStateMachine's `loggingConfiguration` (API_LoggingConfiguration.html); its `level` values and
 * the log group ARN's length are checked with the other members (members.ts).
 * @throws StepFunctionsError ValidationException; InvalidLoggingConfiguration for a log group ARN without `:*`.
 */
export function optionalLogging(body: Body): { loggingConfiguration?: LoggingConfiguration } {
  const value = body.loggingConfiguration;
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validation('loggingConfiguration', 'Member must be an object');
  }
  const { level = 'OFF', includeExecutionData = false, destinations } = value as Record<string, unknown>;
  if (typeof level !== 'string') throw validation('loggingConfiguration.level', 'Member must be a string');
  if (typeof includeExecutionData !== 'boolean') {
    throw validation('loggingConfiguration.includeExecutionData', 'Member must be a boolean');
  }
  const arns = (Array.isArray(destinations) ? destinations : []).map((destination) => {
    const arn = (destination as { cloudWatchLogsLogGroup?: { logGroupArn?: unknown } } | null)?.cloudWatchLogsLogGroup
      ?.logGroupArn;
    if (typeof arn !== 'string') {
      throw validation('loggingConfiguration.destinations', 'Member must have cloudWatchLogsLogGroup.logGroupArn');
    }
    // The log group's ARN with its streams' `:*`, as CloudFormation's Fn::GetAtt Arn gives it (AWS's answer otherwise).
    if (!arn.endsWith(':*')) {
      throw new StepFunctionsError(
        'InvalidLoggingConfiguration',
        "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.",
      );
    }
    return { cloudWatchLogsLogGroup: { logGroupArn: arn } };
  });
  return {
    loggingConfiguration: {
      level: level as LoggingConfiguration['level'],
      includeExecutionData,
      ...(arns.length > 0 ? { destinations: arns } : {}),
    },
  };
}

/** CreateStateMachine's `tracingConfiguration` (`{ enabled }`). @throws StepFunctionsError ValidationException. */
export function optionalTracing(body: Body): { tracingConfiguration?: { enabled: boolean } } {
  const value = body.tracingConfiguration;
  if (value === undefined) return {};
  const enabled = (value as { enabled?: unknown } | null)?.enabled ?? false;
  if (typeof enabled !== 'boolean') throw validation('tracingConfiguration.enabled', 'Member must be a boolean');
  return { tracingConfiguration: { enabled } };
}
