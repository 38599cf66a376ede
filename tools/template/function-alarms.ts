/**
 * Every function's CloudWatch alarms, generated when the service is packaged instead of written by
 * hand: tools/template/alarms-plugin.cjs calls addFunctionAlarms before the framework finalizes the
 * CloudFormation template. Each function of `serverless.service.functions` gets
 *
 * - `<Function>ErrorsAlarm` (`<service>-<stage>-<function>-errors`): the `errors` body of
 *   `custom.functionAlarms` (ops/serverless.yml), or its `errorRate` body for a function whose
 *   config declares the business errors it throws on purpose (`alarms: { errorRate: [OutOfStock] }`):
 *   those are watched as a share of the invocations, not as any error;
 * - `<Function>ThrottlesAlarm` (`<service>-<stage>-<function>-throttles`): the `throttles` body.
 *
 * The bodies are CloudWatch alarm properties without AlarmName and the function's dimension, which
 * are added here: the FunctionName dimension on the alarm, or on each AWS/Lambda metric of a
 * metric-math alarm. `{businessErrors}` in a description becomes the function's business errors.
 * `<Function>` is the framework's normalized function name, as in `<Function>LambdaFunction`.
 */
import type { Json, JsonObject, TemplateResource } from './check/types';

/** The alarm bodies of `custom.functionAlarms`. */
export interface FunctionAlarmBodies {
  errors: JsonObject;
  errorRate: JsonObject;
  throttles: JsonObject;
}

/** What a function may say about its alarms (its `alarms` property in serverless.yml). */
export interface FunctionAlarmSettings {
  /** Errors it throws on purpose: its Errors alarm watches the error rate instead. */
  errorRate?: string[];
}

/** The framework's naming (provider.naming) that the generated logical ids follow. */
export interface AlarmNaming {
  getNormalizedFunctionName(functionName: string): string;
  getLambdaLogicalId(functionName: string): string;
}

/** The part of the framework's `serverless` object that the alarms are made from. */
export interface ServerlessLike {
  service: {
    service: string;
    custom?: Record<string, unknown>;
    functions?: Record<string, unknown>;
    resources?: unknown;
    provider: { compiledCloudFormationTemplate: { Resources: Record<string, unknown> } };
  };
  getProvider(name: 'aws'): { getStage(): string; naming: AlarmNaming };
}

export const BUSINESS_ERRORS_PLACEHOLDER = '{businessErrors}';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates `custom.functionAlarms`. @throws Error naming what is missing. */
export function alarmBodies(value: unknown): FunctionAlarmBodies {
  if (!isRecord(value))
    throw new Error('custom.functionAlarms is missing: the function alarm bodies (ops/serverless.yml)');
  const body = (key: keyof FunctionAlarmBodies): JsonObject => {
    const found = value[key];
    if (!isRecord(found)) throw new Error(`custom.functionAlarms.${key} is missing or not a mapping`);
    return found as JsonObject;
  };
  return { errors: body('errors'), errorRate: body('errorRate'), throttles: body('throttles') };
}

/** Validates a function's `alarms` property. @throws Error naming the function. */
export function alarmSettings(functionName: string, fn: unknown): FunctionAlarmSettings {
  const settings = isRecord(fn) ? fn.alarms : undefined;
  if (settings === undefined || settings === null) return {};
  const where = `functions.${functionName}.alarms`;
  if (!isRecord(settings)) throw new Error(`${where} must be a mapping, e.g. { errorRate: [OutOfStock] }`);
  const unknown = Object.keys(settings).filter((key) => key !== 'errorRate');
  if (unknown.length > 0) throw new Error(`${where}: unknown setting ${unknown.join(', ')} (only errorRate)`);
  const { errorRate } = settings;
  if (errorRate === undefined) return {};
  if (!Array.isArray(errorRate) || errorRate.length === 0 || !errorRate.every((name) => typeof name === 'string')) {
    throw new Error(`${where}.errorRate must list the business errors the function throws, e.g. [OutOfStock]`);
  }
  return { errorRate: errorRate as string[] };
}

/** The body with the function's FunctionName dimension on the alarm, or on each AWS/Lambda metric it queries. */
function onFunction(body: JsonObject, functionLogicalId: string): JsonObject {
  const properties = structuredClone(body);
  const dimensions: Json = [{ Name: 'FunctionName', Value: { Ref: functionLogicalId } }];
  if (!Array.isArray(properties.Metrics)) return { ...properties, Dimensions: dimensions };
  for (const query of properties.Metrics) {
    const metric = isRecord(query) && isRecord(query.MetricStat) ? query.MetricStat.Metric : undefined;
    if (isRecord(metric) && metric.Namespace === 'AWS/Lambda') (metric as JsonObject).Dimensions = dimensions;
  }
  return properties;
}

const alarm = (properties: JsonObject): TemplateResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: properties,
});

export interface FunctionAlarmsInput {
  /** The functions by name (`serverless.service.functions`), each with its optional `alarms` settings. */
  functions: Record<string, unknown>;
  bodies: FunctionAlarmBodies;
  /** `<service>-<stage>`: what every alarm name starts with. */
  namePrefix: string;
  naming: AlarmNaming;
}

/** The Errors (or error rate) and Throttles alarms of every function, by logical id. */
export function functionAlarms({
  functions,
  bodies,
  namePrefix,
  naming,
}: FunctionAlarmsInput): Record<string, TemplateResource> {
  const resources: Record<string, TemplateResource> = {};
  for (const [name, fn] of Object.entries(functions)) {
    const { errorRate } = alarmSettings(name, fn);
    const id = naming.getNormalizedFunctionName(name);
    const functionId = naming.getLambdaLogicalId(name);

    const errors = onFunction(errorRate ? bodies.errorRate : bodies.errors, functionId);
    if (errorRate && typeof errors.AlarmDescription === 'string') {
      errors.AlarmDescription = errors.AlarmDescription.split(BUSINESS_ERRORS_PLACEHOLDER).join(errorRate.join(', '));
    }
    resources[`${id}ErrorsAlarm`] = alarm({ ...errors, AlarmName: `${namePrefix}-${name}-errors` });
    resources[`${id}ThrottlesAlarm`] = alarm({
      ...onFunction(bodies.throttles, functionId),
      AlarmName: `${namePrefix}-${name}-throttles`,
    });
  }
  return resources;
}

/** Logical ids declared under `resources` (one fragment or a list of them). */
function declaredResourceIds(resources: unknown): Set<string> {
  const fragments = Array.isArray(resources) ? resources : [resources];
  return new Set(
    fragments.flatMap((fragment) =>
      isRecord(fragment) && isRecord(fragment.Resources) ? Object.keys(fragment.Resources) : [],
    ),
  );
}

/**
 * Adds every function's alarms to the template being packaged; returns their logical ids.
 * @throws Error when the configuration is invalid or a generated logical id is already taken (an
 *   alarm written by hand under `resources` would be merged into the generated one).
 */
export function addFunctionAlarms(serverless: ServerlessLike): string[] {
  const { service } = serverless;
  const provider = serverless.getProvider('aws');
  const alarms = functionAlarms({
    functions: service.functions ?? {},
    bodies: alarmBodies(service.custom?.functionAlarms),
    namePrefix: `${service.service}-${provider.getStage()}`,
    naming: provider.naming,
  });
  const template = service.provider.compiledCloudFormationTemplate.Resources;
  const declared = declaredResourceIds(service.resources);
  const taken = Object.keys(alarms).filter((id) => id in template || declared.has(id));
  if (taken.length > 0) {
    throw new Error(
      `${taken.join(', ')}: generated for every function (tools/template/function-alarms.ts); remove the ` +
        "hand-written resource, or set the function's `alarms` (e.g. { errorRate: [OutOfStock] })",
    );
  }
  Object.assign(template, alarms);
  return Object.keys(alarms);
}
