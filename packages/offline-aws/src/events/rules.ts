/**
 * The EventBridge rules serverless.yml declares on the default event bus, as the offline stack
 * delivers Step Functions' status-change events to them:
 *
 * - `AWS::Events::Rule` resources (EventPattern, State, Targets: Arn, RetryPolicy,
 *   DeadLetterConfig.Arn) — "AWS::Events::Rule" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html);
 * - a function's `events: - eventBridge: { pattern, retryPolicy: { maximumRetryAttempts,
 *   maximumEventAge }, deadLetterQueueArn, enabled, name }`, as osls compiles it into such a rule.
 *
 * Only Lambda function targets are delivered to; a rule on another bus never sees an `aws.states`
 * event (AWS services send to the default bus), and a schedule-only rule has no pattern: both are
 * left out. What the stack cannot honour (a non-Lambda target, an Input / InputPath /
 * InputTransformer, a DLQ that is not one of the project's queues) fails the start with the rule's
 * name, never delivered differently.
 */
import { deployedFunctionName, resolveIntrinsics } from '../serverless/cloudformation';
import { functionByDeployedName } from '../lambda/destinations';
import { resourcesOfType, type Json, type ServerlessConfig } from '../serverless/config';
import { compilePattern } from './pattern';

/** RetryPolicy (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html). */
export interface RetryPolicy {
  /** 0–185, default 185. */
  maximumRetryAttempts: number;
  /** 60–86 400 s, default 86 400 (24 hours). */
  maximumEventAgeSeconds: number;
}

export interface RuleTarget {
  /** The target's ARN as declared (an unqualified function ARN). */
  arn: string;
  /** The project's function it names, or undefined when no function of this service has that name. */
  functionName?: string;
  retryPolicy: RetryPolicy;
  /** The dead-letter queue (one of the project's queues), by name and ARN. */
  deadLetterQueue?: { name: string; arn: string };
}

export interface EventRule {
  name: string;
  arn: string;
  /** Where it is declared, for messages. */
  where: string;
  matches: (event: unknown) => boolean;
  targets: RuleTarget[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

const lastSegment = (arn: string) => arn.split(':').pop() ?? arn;

function retryPolicy(attempts: Json | undefined, age: Json | undefined, where: string): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  if (attempts !== undefined) {
    if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 185) {
      throw new Error(`${where}: MaximumRetryAttempts must be an integer from 0 to 185`);
    }
    policy.maximumRetryAttempts = attempts;
  }
  if (age !== undefined) {
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 60 || age > 86_400) {
      throw new Error(`${where}: MaximumEventAgeInSeconds must be an integer from 60 to 86400`);
    }
    policy.maximumEventAgeSeconds = age;
  }
  return policy;
}

function deadLetterQueue(
  config: ServerlessConfig,
  arn: Json | undefined,
  where: string,
): RuleTarget['deadLetterQueue'] {
  if (arn === undefined) return undefined;
  const resolved = resolveIntrinsics(config, arn);
  if (typeof resolved !== 'string' || !resolved.startsWith('arn:aws:sqs:')) {
    throw new Error(`${where}: the dead-letter queue must be an SQS queue ARN`);
  }
  const name = lastSegment(resolved);
  const declared = resourcesOfType(config, 'AWS::SQS::Queue').some(([, q]) => q.Properties?.QueueName === name);
  if (!declared) throw new Error(`${where}: the dead-letter queue ${name} is not a queue of this service`);
  return { name, arn: resolved };
}

function target(config: ServerlessConfig, arnValue: Json | undefined, where: string): Omit<RuleTarget, 'retryPolicy'> {
  const arn = resolveIntrinsics(config, arnValue ?? null);
  if (typeof arn !== 'string' || !arn.startsWith('arn:aws:lambda:')) {
    throw new Error(
      `${where}: only Lambda function targets are delivered offline (docs/fidelity.md), not ${JSON.stringify(arn)}`,
    );
  }
  return { arn, functionName: functionByDeployedName(config, lastSegment(arn)) };
}

const refuseInputs = (props: { [key: string]: Json }, keys: string[], where: string) => {
  for (const key of keys) {
    if (props[key] !== undefined) throw new Error(`${where}: ${key} is not emulated offline (docs/fidelity.md)`);
  }
};

const onDefaultBus = (config: ServerlessConfig, bus: Json | undefined) => {
  const resolved = bus === undefined ? 'default' : resolveIntrinsics(config, bus);
  return resolved === 'default' || (typeof resolved === 'string' && resolved.endsWith(':event-bus/default'));
};

function resourceRules(config: ServerlessConfig): EventRule[] {
  const rules: EventRule[] = [];
  for (const [logicalId, resource] of resourcesOfType(config, 'AWS::Events::Rule')) {
    const where = `resources.${logicalId}`;
    const props = resource.Properties ?? {};
    if (props.EventPattern === undefined || !onDefaultBus(config, props.EventBusName)) continue;
    if ((props.State ?? 'ENABLED') !== 'ENABLED') continue;
    // CloudFormation names an unnamed rule after the stack and the logical id (plus a suffix of its own).
    const name = typeof props.Name === 'string' ? props.Name : `${config.service}-${config.stage}-${logicalId}`;
    const targets = (Array.isArray(props.Targets) ? props.Targets : []).map((raw, index) => {
      const at = `${where}.Targets[${index}]`;
      if (!isObject(raw)) throw new Error(`${at}: a target is an object`);
      refuseInputs(raw, ['Input', 'InputPath', 'InputTransformer'], at);
      const retry = isObject(raw.RetryPolicy) ? raw.RetryPolicy : {};
      const dlq = isObject(raw.DeadLetterConfig) ? raw.DeadLetterConfig.Arn : undefined;
      return {
        ...target(config, raw.Arn, at),
        retryPolicy: retryPolicy(retry.MaximumRetryAttempts, retry.MaximumEventAgeInSeconds, at),
        deadLetterQueue: deadLetterQueue(config, dlq, at),
      };
    });
    const arn = `arn:aws:events:${config.region}:${config.accountId}:rule/${name}`;
    rules.push({
      name,
      arn,
      where,
      matches: compilePattern(resolveIntrinsics(config, props.EventPattern), where),
      targets,
    });
  }
  return rules;
}

function functionRules(config: ServerlessConfig): EventRule[] {
  const rules: EventRule[] = [];
  for (const fn of Object.values(config.functions)) {
    fn.events.forEach((event, index) => {
      if (!isObject(event) || !isObject(event.eventBridge)) return;
      const spec = event.eventBridge;
      const where = `functions.${fn.name}.events[${index}].eventBridge`;
      if (spec.pattern === undefined || !onDefaultBus(config, spec.eventBus) || spec.enabled === false) return;
      refuseInputs(spec, ['input', 'inputPath', 'inputTransformer'], where);
      const deployed = deployedFunctionName(config, fn.name);
      // osls names a rule after the function and its position among the function's rules.
      const name = typeof spec.name === 'string' ? spec.name : `${deployed}-rule-${index + 1}`;
      const retry = isObject(spec.retryPolicy) ? spec.retryPolicy : {};
      rules.push({
        name,
        arn: `arn:aws:events:${config.region}:${config.accountId}:rule/${name}`,
        where,
        // CloudFormation resolves intrinsics in a pattern (a state machine's `!Ref` is its ARN).
        matches: compilePattern(resolveIntrinsics(config, spec.pattern), where),
        targets: [
          {
            arn: `arn:aws:lambda:${config.region}:${config.accountId}:function:${deployed}`,
            functionName: fn.name,
            retryPolicy: retryPolicy(retry.maximumRetryAttempts, retry.maximumEventAge, where),
            deadLetterQueue: deadLetterQueue(config, spec.deadLetterQueueArn, where),
          },
        ],
      });
    });
  }
  return rules;
}

/**
 * Every enabled rule with an event pattern on the default bus, functions' first.
 * @throws Error naming the rule for what the stack cannot honour (see the module's comment) or an invalid pattern
 */
export function eventRules(config: ServerlessConfig): EventRule[] {
  return [...functionRules(config), ...resourceRules(config)];
}
