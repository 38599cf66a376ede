/**
 * The rules on workflow variables that both query languages share ("Passing data between states
 * with variables", https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 *
 * - a name is a Unicode identifier (first character ID_Start, the others ID_Continue), at most 80
 *   characters, and not `states` (the reserved `$states`); so `x.y` and `x[2]` are not names
 *   ("You cannot assign a value to a part of a variable"). A JSONPath Assign key ends in `.$`
 *   when its value is a path: the name is the key without it;
 * - a variable holds at most 256 KiB, the variables of one Assign field together at most 256 KiB,
 *   and an execution's variables together at most 10 MiB ("Limits").
 *
 * AWS's wording for these refusals is not recorded: the messages are ours, and the size errors'
 * name (States.DataLimitExceeded, the ASL's error for a payload over its quota) is our reading.
 */
import { StateError } from '../errors';
import type { Json, JsonObject } from './types';

export const MAX_VARIABLE_NAME_LENGTH = 80;
/** 256 KiB, in bytes of UTF-8 of the value's JSON. */
export const MAX_VARIABLE_BYTES = 262_144;
export const MAX_ASSIGN_BYTES = 262_144;
/** 10 MiB. */
export const MAX_EXECUTION_VARIABLES_BYTES = 10_485_760;
export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

const IDENTIFIER = /^\p{ID_Start}\p{ID_Continue}*$/u;
const RESERVED = 'states';

/** The variable a JSONPath or JSONata Assign key names (`total.$` → `total`). */
export const variableNameOf = (key: string): string => (key.endsWith('.$') ? key.slice(0, -2) : key);

/**
 * Why `name` (an Assign key, `.$` already removed) cannot name a variable, or undefined when it can.
 * Checked when the definition is created (a definition-time issue).
 */
export function variableNameIssue(name: string): string | undefined {
  if (name === RESERVED)
    return `The variable name '${name}' is reserved: $states holds the state's input, result and context`;
  if ([...name].length > MAX_VARIABLE_NAME_LENGTH) {
    return `The variable name '${name}' is longer than ${MAX_VARIABLE_NAME_LENGTH} characters`;
  }
  if (!IDENTIFIER.test(name)) {
    return `The variable name '${name}' is not an identifier: it must start with a letter and continue with letters, digits or underscores`;
  }
  return undefined;
}

/** Every name issue of an Assign object, one per key. */
export function assignNameIssues(assign: JsonObject): string[] {
  return Object.keys(assign).flatMap((key) => {
    const issue = variableNameIssue(variableNameOf(key));
    return issue === undefined ? [] : [issue];
  });
}

/** A value's size as the quotas count it: bytes of UTF-8 of its JSON. */
export const variableBytes = (value: Json): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Checks the values one Assign field computed (names already without `.$`), before they are stored.
 * @returns the total size of the assigned values, in bytes (for the execution's running total).
 * @throws StateError States.DataLimitExceeded when one value or all together exceed 256 KiB.
 */
export function checkAssignedSizes(assigned: JsonObject): number {
  let total = 0;
  for (const [name, value] of Object.entries(assigned)) {
    const bytes = variableBytes(value);
    if (bytes > MAX_VARIABLE_BYTES) {
      throw new StateError(
        DATA_LIMIT_EXCEEDED,
        `The value assigned to the variable '${name}' is ${bytes} bytes, more than the ${MAX_VARIABLE_BYTES} bytes a variable can hold`,
      );
    }
    total += bytes;
  }
  if (total > MAX_ASSIGN_BYTES) {
    throw new StateError(
      DATA_LIMIT_EXCEEDED,
      `The variables assigned by one Assign field are ${total} bytes together, more than the ${MAX_ASSIGN_BYTES} bytes allowed`,
    );
  }
  return total;
}

/**
 * Checks an execution's variables together once an assignment is applied.
 * @param totalBytes the size of every variable the execution holds, in bytes.
 * @throws StateError States.DataLimitExceeded above 10 MiB.
 */
export function checkExecutionVariablesSize(totalBytes: number): void {
  if (totalBytes > MAX_EXECUTION_VARIABLES_BYTES) {
    throw new StateError(
      DATA_LIMIT_EXCEEDED,
      `The execution's variables are ${totalBytes} bytes together, more than the ${MAX_EXECUTION_VARIABLES_BYTES} bytes allowed`,
    );
  }
}
