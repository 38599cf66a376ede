/**
 * Resolves the CloudFormation intrinsics that appear in function environments and state machine
 * definitions (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, pseudo parameters) to the names and ARNs the
 * offline stack uses, mirroring what CloudFormation would give in AWS.
 */
import type { Json, ServerlessConfig } from './serverless-config';

type Resolver = (value: Json) => Json;

function resourceName(config: ServerlessConfig, logicalId: string): string {
  const resource = config.resources[logicalId];
  if (!resource) throw new Error(`CloudFormation: no resource "${logicalId}" in serverless.yml`);
  const props = resource.Properties ?? {};
  const name = props.TableName ?? props.TopicName ?? props.QueueName ?? props.StateMachineName ?? props.AlarmName;
  if (typeof name !== 'string') throw new Error(`CloudFormation: resource "${logicalId}" has no explicit name`);
  return name;
}

function arnOf(config: ServerlessConfig, logicalId: string): string {
  const resource = config.resources[logicalId];
  const name = resourceName(config, logicalId);
  const { region, accountId } = config;
  switch (resource?.Type) {
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${accountId}:${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${region}:${accountId}:${name}`;
    default:
      throw new Error(`CloudFormation: no offline ARN for ${logicalId} (${resource?.Type ?? 'unknown'})`);
  }
}

/** The deployed name of a function, as the framework names it. */
export function deployedFunctionName(config: ServerlessConfig, functionName: string): string {
  return `${config.service}-${config.stage}-${functionName}`;
}

/**
 * Lambda function ARN for a function name (`reserveInventory`, as serverless-step-functions
 * accepts in definitions) or its logical id (`ReserveInventoryLambdaFunction`).
 */
function functionArn(config: ServerlessConfig, nameOrLogicalId: string): string | undefined {
  const byLogicalId = /^(.+)LambdaFunction$/.exec(nameOrLogicalId)?.[1];
  const fn = Object.keys(config.functions).find(
    (name) => name === nameOrLogicalId || name.charAt(0).toUpperCase() + name.slice(1) === byLogicalId,
  );
  return fn && `arn:aws:lambda:${config.region}:${config.accountId}:function:${deployedFunctionName(config, fn)}`;
}

function pseudoParameter(config: ServerlessConfig, name: string): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return config.region;
    case 'AWS::AccountId':
      return config.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return `${config.service}-${config.stage}`;
    default:
      return undefined;
  }
}

function ref(config: ServerlessConfig, name: string): string {
  const pseudo = pseudoParameter(config, name);
  if (pseudo !== undefined) return pseudo;
  const resource = config.resources[name];
  if (!resource) {
    const fnArn = functionArn(config, name);
    if (fnArn) return fnArn.split(':').pop() ?? fnArn;
    throw new Error(`CloudFormation: Ref to unknown resource "${name}"`);
  }
  // As in CloudFormation: Ref of a topic is its ARN, of a queue its URL, of a table its name.
  if (resource.Type === 'AWS::SNS::Topic') return arnOf(config, name);
  if (resource.Type === 'AWS::SQS::Queue') {
    return `https://sqs.${config.region}.amazonaws.com/${config.accountId}/${resourceName(config, name)}`;
  }
  return resourceName(config, name);
}

function getAtt(config: ServerlessConfig, logicalId: string, attribute: string): string {
  if (attribute === 'Arn') return functionArn(config, logicalId) ?? arnOf(config, logicalId);
  if (attribute === 'QueueName' || attribute === 'TopicName') return resourceName(config, logicalId);
  throw new Error(`CloudFormation: Fn::GetAtt ${logicalId}.${attribute} is not supported offline`);
}

export function resolveIntrinsics(config: ServerlessConfig, value: Json): Json {
  const recurse: Resolver = (item) => resolveIntrinsics(config, item);
  if (Array.isArray(value)) return value.map(recurse);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = value[key] as Json;
    switch (key) {
      case 'Ref':
        return ref(config, String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return getAtt(config, logicalId ?? '', attribute ?? '');
      }
      case 'Fn::Join': {
        const [separator, parts] = Array.isArray(arg) ? arg : [];
        const resolvedParts = recurse(parts ?? []);
        if (!Array.isArray(resolvedParts)) throw new Error('CloudFormation: Fn::Join needs a list');
        return resolvedParts.map(String).join(String(separator ?? ''));
      }
      case 'Fn::Sub': {
        const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
        const vars = (recurse(variables ?? {}) ?? {}) as Record<string, Json>;
        return String(template).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in vars) return String(vars[name]);
          const [logicalId, attribute] = name.split('.');
          if (attribute) return getAtt(config, logicalId ?? '', attribute);
          return ref(config, name);
        });
      }
      default:
        break;
    }
  }
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) out[key] = recurse(item);
  return out;
}

/** A function's environment as plain strings, as Lambda would see it. */
export function resolvedEnvironment(config: ServerlessConfig, functionName: string): Record<string, string> {
  const fn = config.functions[functionName];
  if (!fn) throw new Error(`No function "${functionName}" in serverless.yml`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(fn.environment)) {
    const resolved = resolveIntrinsics(config, value);
    env[key] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  }
  return env;
}
