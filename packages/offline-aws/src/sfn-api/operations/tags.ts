/**
 * TagResource, UntagResource and ListTagsForResource on state machines
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html,
 * API_UntagResource.html, API_ListTagsForResource.html), and CreateStateMachine's `tags`.
 * Tags: key 1–128 and value 0–256 characters of Unicode letters, digits, white space and
 * `_ . : / = + - @` (checked with the other members: members.ts); at most 50 per resource
 * ("Step Functions service quotas", TooManyTags).
 * Activities are not emulated offline: an activity ARN is ResourceNotFound, as a version's is.
 */
import { StepFunctionsError } from '../../engine/errors';
import type { StateMachineRecord } from '../../engine/machines';
import type { WorkflowRunner } from '../../engine/runner';
import { validation } from '../configuration';
import type { Body } from '../fields';
import { invalidArn, requireString, resourceNotFound } from './request';

/** Tags per resource ("Step Functions service quotas", Tags per resource). */
export const MAX_TAGS = 50;

const STATE_MACHINE = /^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
/** A version or alias ARN: not a taggable resource, ResourceNotFound (recorded on AWS for a version). */
const QUALIFIED = /^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+:[^:]+$/;
const ACTIVITY = /^arn:aws:states:[a-z0-9-]+:\d{12}:activity:[^:]+$/;

/**
 * A `tags` member ([{key, value}]) as a map, later keys winning.
 * @throws StepFunctionsError ValidationException for a list, key or value of another type.
 */
export function tagList(body: Body, field = 'tags'): Map<string, string> {
  const value = body[field];
  if (value === undefined || value === null) return new Map();
  if (!Array.isArray(value)) throw validation(field, 'Member must be a list');
  const tags = new Map<string, string>();
  value.forEach((raw, i) => {
    const { key, value: tagValue = '' } = (raw ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string') throw validation(`${field}.${i + 1}.member.key`, 'Member must not be null');
    if (typeof tagValue !== 'string') throw validation(`${field}.${i + 1}.member.value`, 'Member must be a string');
    tags.set(key, tagValue);
  });
  return tags;
}

export const tooManyTags = (arn: string) =>
  new StepFunctionsError('TooManyTags', `Too many tags on ${arn}: at most ${MAX_TAGS} per resource`, {
    resourceName: arn,
  });

/**
 * The state machine a `resourceArn` names.
 * @throws StepFunctionsError InvalidArn (not a Step Functions ARN), ResourceNotFound (also a
 *   version or alias: they are not tagged).
 */
function taggable(runner: WorkflowRunner, arn: string): StateMachineRecord {
  if (ACTIVITY.test(arn) || QUALIFIED.test(arn)) throw resourceNotFound(arn);
  if (!STATE_MACHINE.test(arn)) throw invalidArn(arn);
  const record = runner.machines.list().find((machine) => machine.stateMachineArn === arn);
  if (!record) throw resourceNotFound(arn);
  return record;
}

/** TagResource: adds the tags, replacing the values of keys already there. */
export function tagResource(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'resourceArn');
  const tags = tagList(body);
  const record = taggable(runner, arn);
  const merged = new Map([...record.tags, ...tags]);
  if (merged.size > MAX_TAGS) throw tooManyTags(arn);
  for (const [key, value] of tags) record.tags.set(key, value);
  return {};
}

/** UntagResource: removes the keys given; a key the resource does not have is ignored. */
export function untagResource(runner: WorkflowRunner, body: Body): Body {
  const arn = requireString(body, 'resourceArn');
  const keys = body.tagKeys;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string')) {
    throw validation('tagKeys', 'Member must not be null');
  }
  const record = taggable(runner, arn);
  for (const key of keys as string[]) record.tags.delete(key);
  return {};
}

/** ListTagsForResource: `{ tags: [{ key, value }] }`. */
export function listTagsForResource(runner: WorkflowRunner, body: Body): Body {
  const record = taggable(runner, requireString(body, 'resourceArn'));
  return { tags: [...record.tags].map(([key, value]) => ({ key, value })) };
}
