/**
 * The constraints the Step Functions API model puts on request members, as the API Reference prints
 * them under each request parameter (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html:
 * "Required", "Length Constraints", "Pattern", "Valid Values", "Valid Range"), checked before the
 * operation does anything, and refused as the service refuses them: one ValidationException naming
 * every violation ("2 validation errors detected: …; …"), each in the service's words ("Value '…' at
 * 'name' failed to satisfy constraint: Member must have length less than or equal to 80"). The value
 * of a member the model marks sensitive (execution data, error, cause, definition, descriptions) is
 * left out ("Value at 'input' …"); another member's is quoted ("Value '123' at 'name' …"), `null`
 * when it is missing — as recorded on AWS.
 */
import { StepFunctionsError } from '../engine/errors';

/** One member's constraints in the API model. */
export interface Constraint {
  required?: boolean;
  /** Length Constraints of a string (Unicode code points; UTF-8 bytes with `bytes`), Valid Range of an integer. */
  min?: number;
  max?: number;
  /** The length is the payload's size in UTF-8 bytes ("Length constraints apply to the payload size"). */
  bytes?: boolean;
  /** The member is a number, `min`/`max` its range. */
  integer?: boolean;
  /** Pattern, as the reference prints it; the whole value must match. */
  pattern?: string;
  /** Valid Values. */
  values?: readonly string[];
  /** The model marks it sensitive: the message leaves its value out. */
  sensitive?: boolean;
  /** A structure's members. */
  members?: Members;
  /** A list's items. */
  items?: Constraint;
}

export type Members = Readonly<Record<string, Constraint>>;

/** One violation in the service's words; `shown` the value as the message quotes it (none for a sensitive member). */
export const violation = (field: string, constraint: string, shown?: string) =>
  `Value${shown === undefined ? '' : ` ${shown}`} at '${field}' failed to satisfy constraint: ${constraint}`;

/** The ValidationException for `violations` (at least one). */
export const validationErrors = (violations: readonly string[]) =>
  new StepFunctionsError(
    'ValidationException',
    `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
  );

/** Unicode code points, or UTF-8 bytes: the length the model's Length Constraints count. */
function lengthOf(text: string, bytes: boolean | undefined): number {
  if (bytes) return Buffer.byteLength(text, 'utf8');
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) surrogatePairs += 1;
  }
  return text.length - surrogatePairs;
}

/** Length Constraints of a string. */
function lengthViolations(text: string, c: Constraint): string[] {
  const length = lengthOf(text, c.bytes);
  if (c.min !== undefined && length < c.min) return [`Member must have length greater than or equal to ${c.min}`];
  if (c.max !== undefined && length > c.max) return [`Member must have length less than or equal to ${c.max}`];
  return [];
}

const compiled = new Map<string, RegExp>();
/** Pattern: the whole value matches the reference's expression. */
function patternViolations(text: string, pattern: string): string[] {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex.test(text) ? [] : [`Member must satisfy regular expression pattern: ${pattern}`];
}

/** Valid Values. */
const enumViolations = (text: string, values: readonly string[]) =>
  values.includes(text) ? [] : [`Member must satisfy enum value set: [${values.join(', ')}]`];

/** Valid Range of an integer. */
function rangeViolations(value: number, c: Constraint): string[] {
  if (c.min !== undefined && value < c.min) return [`Member must have value greater than or equal to ${c.min}`];
  if (c.max !== undefined && value > c.max) return [`Member must have value less than or equal to ${c.max}`];
  return [];
}

/**
 * What `value` at `field` breaks of `c` (and, in a structure or list, what its members break), in
 * the service's words. A value of another JSON type than the member's is left to the operation.
 */
export function violationsOf(value: unknown, field: string, c: Constraint): string[] {
  const shown = (text: string) => (c.sensitive ? undefined : `'${text}'`);
  if (value === undefined || value === null) {
    return c.required ? [violation(field, 'Member must not be null', c.sensitive ? undefined : 'null')] : [];
  }
  if (typeof value === 'string' && !c.integer) {
    const found = [
      ...lengthViolations(value, c),
      ...(c.pattern === undefined ? [] : patternViolations(value, c.pattern)),
      ...(c.values === undefined ? [] : enumViolations(value, c.values)),
    ];
    return found.map((constraint) => violation(field, constraint, shown(value)));
  }
  if (typeof value === 'number' && c.integer) {
    return rangeViolations(value, c).map((constraint) => violation(field, constraint, shown(String(value))));
  }
  if (Array.isArray(value) && c.items) {
    const items = c.items;
    return value.flatMap((item, i) => violationsOf(item, `${field}.${i + 1}.member`, items));
  }
  if (typeof value === 'object' && !Array.isArray(value) && c.members) {
    return membersViolations(value as Record<string, unknown>, c.members, `${field}.`);
  }
  return [];
}

/** Every violation of a request body's (or a structure's) members, in the order the model lists them. */
export function membersViolations(body: Record<string, unknown>, members: Members, prefix = ''): string[] {
  return Object.entries(members).flatMap(([name, c]) => violationsOf(body[name], `${prefix}${name}`, c));
}

/** @throws StepFunctionsError ValidationException naming every violation of `members` in `body`. */
export function checkMembers(body: Record<string, unknown>, members: Members): void {
  const violations = membersViolations(body, members);
  if (violations.length > 0) throw validationErrors(violations);
}
