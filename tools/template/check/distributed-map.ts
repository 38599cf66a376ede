/**
 * What a state machine with a Distributed Map may grant its own role, from
 * https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html: starting its
 * own child executions (states:StartExecution on the machine itself), describing and stopping them
 * (states:DescribeExecution / StopExecution on its executions), reading the objects its ItemReader
 * names (s3:GetObject) and writing its ResultWriter's results (s3:PutObject and the multipart-upload
 * actions, under the writer's prefix), each on the buckets its definition names.
 * serverless-step-functions also grants the managed EventBridge rule for a Distributed Map (its
 * startExecution strategy, as for `.sync`): AWS's page does not ask for it; it reaches that one rule.
 */
import type { Json, JsonObject, TemplateResource } from './types';
import { NESTED_EXECUTION_ACTIONS } from './nested';
import { asArray, isObject } from './resources';

export const DISTRIBUTED_MAP_ACTIONS: ReadonlySet<string> = new Set([
  // Its child executions are started and watched as a `.sync` child is (nested.ts).
  ...NESTED_EXECUTION_ACTIONS,
  's3:GetObject',
  's3:PutObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
]);

const MANAGED_RULE = ':rule/StepFunctionsGetEventsForStepFunctionsExecutionRule';

/** A machine's Distributed Map use: its name, the buckets its readers read, and writer bucket/prefix pairs. */
export interface DistributedMapUse {
  name: string;
  readBuckets: Set<string>;
  writes: { bucket: string; prefix: string }[];
}

/** A resource as text: a string, `Fn::Sub`'s template, or `Fn::Join`'s parts with `${Ref}` for a Ref. */
export function resourceText(resource: Json | undefined): string | undefined {
  if (typeof resource === 'string') return resource;
  if (!isObject(resource)) return undefined;
  const sub = resource['Fn::Sub'];
  if (sub !== undefined) {
    const template = Array.isArray(sub) ? sub[0] : sub;
    return typeof template === 'string' ? template : undefined;
  }
  const join = resource['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string') {
    const parts = asArray(join[1]).map((part) =>
      typeof part === 'string' ? part : isObject(part) && typeof part.Ref === 'string' ? `\${${part.Ref}}` : '?',
    );
    return parts.join(join[0]);
  }
  return undefined;
}

/** The literal Bucket (and Prefix) a reader's or writer's Arguments/Parameters name. */
function target(config: Json | undefined): { bucket?: string; prefix: string } {
  const args = isObject(config) ? (config.Arguments ?? config.Parameters) : undefined;
  if (!isObject(args)) return { prefix: '' };
  const bucket = typeof args.Bucket === 'string' && !args.Bucket.startsWith('{%') ? args.Bucket : undefined;
  const prefix = typeof args.Prefix === 'string' ? args.Prefix : '';
  return { ...(bucket === undefined ? {} : { bucket }), prefix };
}

function collect(states: Json | undefined, use: DistributedMapUse): boolean {
  let found = false;
  for (const state of Object.values(isObject(states) ? states : {})) {
    if (!isObject(state)) continue;
    const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : undefined;
    const config = processor && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : undefined;
    if (state.Type === 'Map' && config?.Mode === 'DISTRIBUTED') {
      found = true;
      const reader = target(state.ItemReader);
      if (reader.bucket) use.readBuckets.add(reader.bucket);
      const writer = target(state.ResultWriter);
      if (writer.bucket) use.writes.push({ bucket: writer.bucket, prefix: writer.prefix });
    }
    if (processor && collect(processor.States, use)) found = true;
    for (const branch of asArray(state.Branches)) if (isObject(branch) && collect(branch.States, use)) found = true;
  }
  return found;
}

/** The machine's Distributed Map use, or undefined when its definition has no Distributed Map. */
export function distributedMapUse(machine: TemplateResource): DistributedMapUse | undefined {
  const text = resourceText(machine.Properties?.DefinitionString);
  const name = machine.Properties?.StateMachineName;
  if (text === undefined || typeof name !== 'string') return undefined;
  let definition: JsonObject;
  try {
    definition = JSON.parse(text) as JsonObject;
  } catch {
    return undefined;
  }
  const use: DistributedMapUse = { name, readBuckets: new Set(), writes: [] };
  return collect(definition.States, use) ? use : undefined;
}

/** Whether granting `action` on `resource` is what the machine's Distributed Map needs (see the header). */
export function isDistributedMapGrant(use: DistributedMapUse, action: string, resource: Json): boolean {
  const text = resourceText(resource);
  if (text === undefined) return false;
  const s3Object = /:s3:::([^/]+)\/(.*)$/.exec(text);
  switch (action) {
    case 'states:StartExecution':
      return text.endsWith(`:stateMachine:${use.name}`);
    case 'states:DescribeExecution':
    case 'states:StopExecution':
      return text.endsWith(`:execution:${use.name}:*`);
    case 'events:PutTargets':
    case 'events:PutRule':
    case 'events:DescribeRule':
      return text.endsWith(MANAGED_RULE);
    case 's3:GetObject':
      return s3Object !== null && use.readBuckets.has(s3Object[1] ?? '');
    default:
      // s3:PutObject and the multipart actions: only under a writer's prefix.
      return (
        s3Object !== null &&
        use.writes.some((w) => w.bucket === s3Object[1] && (s3Object[2] ?? '') === `${w.prefix ? `${w.prefix}/` : ''}*`)
      );
  }
}
