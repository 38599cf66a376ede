/**
 * Errors of the local CloudWatch Logs endpoint, with the codes and messages the service answers
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html and each
 * operation's "Errors" section): the endpoint sends them as HTTP 400 `{"__type": name, "message"}`.
 */
export class LogsError extends Error {
  constructor(
    override readonly name:
      | 'ResourceNotFoundException'
      | 'ResourceAlreadyExistsException'
      | 'InvalidParameterException'
      | 'SerializationException'
      | 'UnknownOperationException',
    message: string,
  ) {
    super(message);
  }
}

export const logGroupNotFound = () =>
  new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
export const logStreamNotFound = () =>
  new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');

/** The service's validation wording for one member: "1 validation error detected: Value … at '<field>' failed to satisfy constraint: …". */
export const invalidMember = (field: string, value: unknown, constraint: string) =>
  new LogsError(
    'InvalidParameterException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
