/**
 * Errors of the offline Step Functions: the API's own (returned by the local endpoint with their
 * `__type`) and the ones a state raises (matched by Retry/Catch on their name), with the Cause
 * built as AWS builds it.
 */

/**
 * A Step Functions API error; `name` is the error code the SDK raises as an exception class
 * (`ExecutionDoesNotExist`, `InvalidToken`, …). The local endpoint answers every modeled error with
 * HTTP 400, as the service does (https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html).
 */
export class StepFunctionsError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    /** The error's other members, as the API models them (`resourceName`, `reason`). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The largest execution input, in bytes of UTF-8 (256 KiB): service-quotas.html, "Maximum input or output size". */
export const MAX_EXECUTION_INPUT_BYTES = 262_144;

/**
 * StartExecution's constraint on `input` (API_StartExecution.html: "Maximum length of 262144"),
 * measured as the quota page does, in UTF-8 bytes.
 * @throws StepFunctionsError ValidationException when `text` is longer.
 */
export function checkExecutionInputSize(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_EXECUTION_INPUT_BYTES) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EXECUTION_INPUT_BYTES}`,
    );
  }
}

/**
 * The deepest nesting of arrays and objects the offline engine takes in a document from outside
 * (execution input, a task's output sent back): the engine, like JSON.stringify, recurses once per
 * level and a few thousand levels exhaust its stack. 1,000 is the default nesting limit of Jackson
 * (StreamReadConstraints), the JSON library of the Java services; AWS does not document a depth
 * limit (docs/fidelity.md).
 */
export const MAX_JSON_DEPTH = 1_000;

/** Whether a parsed JSON value nests arrays and objects deeper than `limit` (iterative: any depth). */
export function nestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses an execution input nested deeper than MAX_JSON_DEPTH, by name, before anything runs.
 * @throws StepFunctionsError InvalidExecutionInput.
 */
export function checkExecutionInputDepth(input: unknown): void {
  if (nestedDeeperThan(input)) {
    throw new StepFunctionsError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: nested deeper than ${MAX_JSON_DEPTH} levels (the offline runtime's limit)`,
    );
  }
}

/**
 * Refuses a task's output (SendTaskSuccess) nested deeper than MAX_JSON_DEPTH, by name.
 * @throws StepFunctionsError InvalidOutput.
 */
export function checkTaskOutputDepth(output: unknown): void {
  if (nestedDeeperThan(output)) {
    throw new StepFunctionsError(
      'InvalidOutput',
      `Invalid Output: nested deeper than ${MAX_JSON_DEPTH} levels (the offline runtime's limit)`,
    );
  }
}

/**
 * An error raised inside a state: `name` is the ASL error name, `message` is the Cause. A Fail state
 * may give neither: `name` is then '' (no catcher matches it, recorded on AWS) and `hasCause` false.
 */
export class StateError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly hasCause = true,
  ) {
    super(message);
  }
}

/** What a function error can look like once it reaches the runner (an Error, or Lambda's JSON shape). */
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  errorType?: unknown;
  errorMessage?: unknown;
  trace?: unknown;
}

const asErrorLike = (error: unknown): ErrorLike =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Stack frames of the emulator itself (runtime, runner, engine), which a Lambda trace never shows. */
const EMULATOR_FRAME = /[\\/]local[\\/](runtime|lambda|workflow[\\/])|offline-aws[\\/]src[\\/]/;

/** Lambda's request id shape, for the timeout message. */
const requestId = () => crypto.randomUUID();

/**
 * The ASL error of a failed Lambda invocation and its Cause, as Step Functions reports them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html, "Handling
 * Lambda errors"): the Error is the function's `errorType`; the Cause is the JSON string Lambda
 * returned, `{"errorType","errorMessage","trace"}`, so `States.StringToJson($.Cause)` works. A
 * timeout is `Sandbox.Timedout` with `{"errorMessage":"<ISO date> <request id> Task timed out after
 * N.NN seconds"}`. Errors of the Lambda service itself (`Lambda.*`) and of Step Functions
 * (`States.*`) keep a plain-text Cause, as in AWS.
 * @param timeoutSeconds the function's configured timeout, used when the error does not say it.
 */
export function lambdaStateError(error: unknown, timeoutSeconds?: number): StateError {
  const like = asErrorLike(error);
  const errorType = text(like.errorType) ?? text(like.name) ?? 'Error';
  const errorMessage = text(like.errorMessage) ?? text(like.message) ?? '';
  if (errorType.startsWith('Lambda.') || errorType.startsWith('States.'))
    return new StateError(errorType, errorMessage);
  if (errorType === 'Sandbox.Timedout') {
    const seconds = Number(/(\d+(?:\.\d+)?) seconds/.exec(errorMessage)?.[1] ?? timeoutSeconds ?? 3);
    const message = `${new Date().toISOString()} ${requestId()} Task timed out after ${seconds.toFixed(2)} seconds`;
    return new StateError(errorType, JSON.stringify({ errorMessage: message }));
  }
  const trace = Array.isArray(like.trace)
    ? like.trace.map(String)
    : (text(like.stack)
        ?.split('\n')
        .filter((line) => !EMULATOR_FRAME.test(line)) ?? [`${errorType}: ${errorMessage}`]);
  return new StateError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}
