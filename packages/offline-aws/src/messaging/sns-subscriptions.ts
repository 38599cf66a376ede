/**
 * The SNS subscriptions serverless.yml declares, as the emulator must create them:
 *
 * - a function's `events: - sns: <topic ARN or name>` or `- sns: { arn | topicName, filterPolicy,
 *   filterPolicyScope }` (the framework's AWS::SNS::Subscription with Protocol lambda);
 * - `AWS::SNS::Subscription` resources with Protocol `sqs` (Endpoint: the queue's ARN) or `lambda`,
 *   and their FilterPolicy, FilterPolicyScope and RawMessageDelivery.
 *
 * Attributes follow "Amazon SNS subscription filter policies"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html): FilterPolicy
 * is a JSON object, FilterPolicyScope `MessageAttributes` (default) or `MessageBody`; and "Amazon
 * SNS raw message delivery" (https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html):
 * RawMessageDelivery `true` sends the message itself instead of the JSON envelope. A declaration
 * the stack cannot honour is an error naming it, never a subscription that silently gets everything.
 */
import { resolveIntrinsics } from '../serverless/cloudformation';
import { functionByDeployedName } from '../lambda/destinations';
import { resourcesOfType, type Json, type ServerlessConfig } from '../serverless/config';

export interface SubscriptionSpec {
  topicName: string;
  /** lambda: SNS invokes `functionName` asynchronously; sqs: SNS sends to `queueName`. */
  protocol: 'lambda' | 'sqs';
  functionName?: string;
  queueName?: string;
  /** Subscription attributes as the SNS API takes them (strings). */
  attributes: Record<string, string>;
  /** Where it is declared, for error messages. */
  where: string;
}

const lastSegment = (arn: string) => arn.split(':').pop() ?? arn;

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** FilterPolicy / FilterPolicyScope / RawMessageDelivery, checked and as strings. */
function subscriptionAttributes(
  policy: Json | undefined,
  scope: Json | undefined,
  raw: Json | undefined,
  where: string,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (policy !== undefined) {
    let parsed: Json = policy;
    if (typeof policy === 'string') {
      try {
        parsed = JSON.parse(policy) as Json;
      } catch {
        throw new Error(`${where}: the filter policy is not valid JSON`);
      }
    }
    if (!isObject(parsed)) throw new Error(`${where}: the filter policy must be a JSON object`);
    attributes.FilterPolicy = JSON.stringify(parsed);
  }
  if (scope !== undefined) {
    if (scope !== 'MessageAttributes' && scope !== 'MessageBody') {
      throw new Error(
        `${where}: the filter policy scope must be MessageAttributes or MessageBody, not ${String(scope)}`,
      );
    }
    if (policy === undefined) throw new Error(`${where}: a filter policy scope without a filter policy`);
    attributes.FilterPolicyScope = scope;
  }
  if (raw !== undefined) {
    if (raw !== true && raw !== false && raw !== 'true' && raw !== 'false') {
      throw new Error(`${where}: RawMessageDelivery must be true or false`);
    }
    attributes.RawMessageDelivery = String(raw);
  }
  return attributes;
}

/** SNS event sources of the functions. */
function functionSubscriptions(config: ServerlessConfig): SubscriptionSpec[] {
  const out: SubscriptionSpec[] = [];
  for (const fn of Object.values(config.functions)) {
    fn.events.forEach((event, index) => {
      if (!isObject(event) || !('sns' in event)) return;
      const where = `functions.${fn.name}.events[${index}].sns`;
      const sns = event.sns;
      let topicName: string | undefined;
      let attributes: Record<string, string> = {};
      if (typeof sns === 'string') topicName = sns.startsWith('arn:') ? lastSegment(sns) : sns;
      else if (isObject(sns)) {
        const arn = resolveIntrinsics(config, sns.arn ?? null);
        topicName =
          typeof arn === 'string' ? lastSegment(arn) : typeof sns.topicName === 'string' ? sns.topicName : undefined;
        attributes = subscriptionAttributes(sns.filterPolicy, sns.filterPolicyScope, undefined, where);
      }
      if (!topicName) throw new Error(`${where}: an SNS event source without a topic the emulator can resolve`);
      out.push({ topicName, protocol: 'lambda', functionName: fn.name, attributes, where });
    });
  }
  return out;
}

/** `AWS::SNS::Subscription` resources (Protocol sqs or lambda; others, e.g. email, have no local target). */
function resourceSubscriptions(config: ServerlessConfig): SubscriptionSpec[] {
  const out: SubscriptionSpec[] = [];
  for (const [logicalId, resource] of resourcesOfType(config, 'AWS::SNS::Subscription')) {
    const where = `resources.${logicalId}`;
    const props = resource.Properties ?? {};
    const topicArn = resolveIntrinsics(config, props.TopicArn ?? null);
    const endpoint = resolveIntrinsics(config, props.Endpoint ?? null);
    if (typeof topicArn !== 'string' || typeof endpoint !== 'string') {
      throw new Error(`${where}: TopicArn and Endpoint must resolve to ARNs`);
    }
    const attributes = subscriptionAttributes(
      props.FilterPolicy,
      props.FilterPolicyScope,
      props.RawMessageDelivery,
      where,
    );
    const topicName = lastSegment(topicArn);
    if (props.Protocol === 'sqs') {
      out.push({ topicName, protocol: 'sqs', queueName: lastSegment(endpoint), attributes, where });
    } else if (props.Protocol === 'lambda') {
      const functionName = functionByDeployedName(config, lastSegment(endpoint));
      if (!functionName) throw new Error(`${where}: ${endpoint} is not a function of this service`);
      out.push({ topicName, protocol: 'lambda', functionName, attributes, where });
    }
  }
  return out;
}

/** Every subscription to create, in declaration order (function event sources first). */
export function snsSubscriptions(config: ServerlessConfig): SubscriptionSpec[] {
  return [...functionSubscriptions(config), ...resourceSubscriptions(config)];
}
