/**
 * The CloudWatch Logs operations the local endpoint serves, request body in, response body out
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_<Operation>.html):
 * what `@aws-sdk/client-cloudwatch-logs` and `aws logs` use to create groups and streams, write
 * events and read them back. Any other operation is UnknownOperationException, by name.
 */
import { LogsError } from './errors';
import {
  describeLogGroups,
  describeLogStreams,
  filterLogEvents,
  getLogEvents,
  requireString,
  type Body,
} from './reads';
import type { InputEvent, LogStore } from './store';

export type { Body } from './reads';

/** PutLogEvents' `logEvents`: `[{ timestamp (epoch ms), message }]`. @throws LogsError InvalidParameterException. */
function inputEvents(body: Body): InputEvent[] {
  const value = body.logEvents;
  if (!Array.isArray(value)) {
    throw new LogsError(
      'InvalidParameterException',
      "1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null",
    );
  }
  return value.map((event: unknown, index) => {
    const { timestamp, message } = (event ?? {}) as { timestamp?: unknown; message?: unknown };
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || typeof message !== 'string') {
      throw new LogsError(
        'InvalidParameterException',
        `1 validation error detected: Value at 'logEvents.${index + 1}.member' failed to satisfy constraint: Member must have an integer timestamp and a string message`,
      );
    }
    return { timestamp, message };
  });
}

/** Serves one operation. @throws LogsError as the operation's reference page lists. */
export function handleLogsOperation(store: LogStore, operation: string, body: Body): Body {
  switch (operation) {
    case 'CreateLogGroup':
      store.createGroup(requireString(body, 'logGroupName'));
      return {};
    case 'DeleteLogGroup':
      store.deleteGroup(requireString(body, 'logGroupName'));
      return {};
    case 'DescribeLogGroups':
      return describeLogGroups(store, body);
    case 'CreateLogStream':
      store.createStream(requireString(body, 'logGroupName'), requireString(body, 'logStreamName'));
      return {};
    case 'DescribeLogStreams':
      return describeLogStreams(store, body);
    case 'PutLogEvents': {
      const rejected = store.put(
        requireString(body, 'logGroupName'),
        requireString(body, 'logStreamName'),
        inputEvents(body),
      );
      // Sequence tokens are no longer checked (API_PutLogEvents.html); one is still returned.
      return {
        nextSequenceToken: String(Date.now()).padStart(56, '0'),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      };
    }
    case 'GetLogEvents':
      return getLogEvents(store, body);
    case 'FilterLogEvents':
      return filterLogEvents(store, body);
    default:
      throw new LogsError('UnknownOperationException', `The offline CloudWatch Logs does not implement ${operation}`);
  }
}
