/**
 * The reading operations of the local CloudWatch Logs endpoint, request in, response out, as the
 * CloudWatch Logs API Reference describes them
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_<Operation>.html):
 * DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents. Times are epoch milliseconds.
 */
import { compileFilterPattern } from './filter-pattern';
import { invalidMember, LogsError } from './errors';
import type { LogStore, LogStream, StoredEvent } from './store';

export type Body = Record<string, unknown>;

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidMember(field, value, 'Member must be a string');
  return value;
}

export function requireString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined) throw invalidMember(field, 'null', 'Member must not be null');
  return value;
}

export function optionalNumber(body: Body, field: string, min?: number, max?: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw invalidMember(field, value, 'Member must be an integer');
  if (min !== undefined && value < min) {
    throw invalidMember(field, value, `Member must have value greater than or equal to ${min}`);
  }
  if (max !== undefined && value > max)
    throw invalidMember(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** The group a request names, by `logGroupName` or `logGroupIdentifier` (a name or an ARN), not both. */
export function groupNameOf(body: Body): string {
  const name = optionalString(body, 'logGroupName');
  const identifier = optionalString(body, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw new LogsError(
      'InvalidParameterException',
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
  }
  const value = name ?? identifier;
  if (value === undefined)
    throw new LogsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
  return value.startsWith('arn:') ? (/:log-group:([^:]+)/.exec(value)?.[1] ?? value) : value;
}

/** An offset token of a listing (this emulator's own; AWS's are opaque too). */
function offsetOf(body: Body): number {
  const token = optionalString(body, 'nextToken');
  if (token === undefined) return 0;
  const offset = /^o\/(\d+)$/.exec(token)?.[1];
  if (offset === undefined) throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(offset);
}

function pageOf<T>(items: readonly T[], body: Body, limit: number): { items: T[]; nextToken?: string } {
  const offset = offsetOf(body);
  const end = offset + limit;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: `o/${end}` } : {}) };
}

/** DescribeLogGroups (API_DescribeLogGroups.html): by name, `logGroupNamePrefix`, up to `limit` (1–50, default 50). */
export function describeLogGroups(store: LogStore, body: Body): Body {
  const prefix = optionalString(body, 'logGroupNamePrefix') ?? '';
  const limit = optionalNumber(body, 'limit', 1, 50) ?? 50;
  const groups = store.listGroups().filter((group) => group.logGroupName.startsWith(prefix));
  const { items, nextToken } = pageOf(groups, body, limit);
  return {
    logGroups: items.map((group) => ({
      logGroupName: group.logGroupName,
      creationTime: group.creationTime,
      metricFilterCount: 0,
      arn: `${store.groupArn(group.logGroupName)}:*`,
      storedBytes: 0,
      logGroupClass: 'STANDARD',
      logGroupArn: store.groupArn(group.logGroupName),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

function streamSummary(store: LogStore, groupName: string, stream: LogStream): Body {
  return {
    logStreamName: stream.logStreamName,
    creationTime: stream.creationTime,
    ...(stream.events.length > 0
      ? {
          firstEventTimestamp: stream.events[0]?.timestamp,
          lastEventTimestamp: stream.events.at(-1)?.timestamp,
          lastIngestionTime: stream.lastIngestionTime,
        }
      : {}),
    arn: `${store.groupArn(groupName)}:log-stream:${stream.logStreamName}`,
    storedBytes: 0,
  };
}

/**
 * DescribeLogStreams (API_DescribeLogStreams.html): `orderBy` LogStreamName (default) or
 * LastEventTime, `descending`, `logStreamNamePrefix` (not with LastEventTime), `limit` 1–50.
 */
export function describeLogStreams(store: LogStore, body: Body): Body {
  const groupName = groupNameOf(body);
  const prefix = optionalString(body, 'logStreamNamePrefix');
  const orderBy = optionalString(body, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalidMember('orderBy', orderBy, 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
  }
  if (prefix !== undefined && orderBy === 'LastEventTime') {
    throw new LogsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const limit = optionalNumber(body, 'limit', 1, 50) ?? 50;
  const lastEvent = (stream: LogStream) => stream.events.at(-1)?.timestamp ?? 0;
  const streams = [...store.group(groupName).streams.values()]
    .filter((stream) => stream.logStreamName.startsWith(prefix ?? ''))
    .sort((a, b) =>
      orderBy === 'LastEventTime' ? lastEvent(a) - lastEvent(b) : a.logStreamName < b.logStreamName ? -1 : 1,
    );
  if (body.descending === true) streams.reverse();
  const { items, nextToken } = pageOf(streams, body, limit);
  return {
    logStreams: items.map((stream) => streamSummary(store, groupName, stream)),
    ...(nextToken ? { nextToken } : {}),
  };
}

const inWindow = (event: StoredEvent, start?: number, end?: number) =>
  (start === undefined || event.timestamp >= start) && (end === undefined || event.timestamp < end);

/**
 * GetLogEvents (API_GetLogEvents.html): a stream's events in `[startTime, endTime)`, the latest
 * `limit` (default 10,000) unless `startFromHead`; `nextForwardToken` / `nextBackwardToken` page on,
 * and the forward token comes back unchanged at the end of the stream.
 */
export function getLogEvents(store: LogStore, body: Body): Body {
  const stream = store.stream(groupNameOf(body), requireString(body, 'logStreamName'));
  const limit = optionalNumber(body, 'limit', 1, 10_000) ?? 10_000;
  const events = stream.events.filter((event) =>
    inWindow(event, optionalNumber(body, 'startTime', 0), optionalNumber(body, 'endTime', 0)),
  );
  const token = optionalString(body, 'nextToken');
  const parsed = token === undefined ? undefined : /^([fb])\/(\d+)$/.exec(token);
  if (token !== undefined && !parsed)
    throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
  const forward = parsed ? parsed[1] === 'f' : body.startFromHead === true;
  const at = parsed ? Math.min(Number(parsed[2]), events.length) : forward ? 0 : events.length;
  const [start, end] = forward ? [at, Math.min(events.length, at + limit)] : [Math.max(0, at - limit), at];
  return {
    events: events
      .slice(start, end)
      .map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
    nextForwardToken: `f/${end}`,
    nextBackwardToken: `b/${start}`,
  };
}

/**
 * FilterLogEvents (API_FilterLogEvents.html): the events of a group's streams (`logStreamNames` or
 * `logStreamNamePrefix`, not both) in `[startTime, endTime)` matching `filterPattern`
 * (filter-pattern.ts), by time, up to `limit` (default 10,000) per page.
 */
export function filterLogEvents(store: LogStore, body: Body): Body {
  const group = store.group(groupNameOf(body));
  const names = body.logStreamNames;
  const prefix = optionalString(body, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw new LogsError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
    );
  }
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
    throw invalidMember('logStreamNames', names, 'Member must be a list of strings');
  }
  const matches = compileFilterPattern(optionalString(body, 'filterPattern'));
  const startTime = optionalNumber(body, 'startTime', 0);
  const endTime = optionalNumber(body, 'endTime', 0);
  const limit = optionalNumber(body, 'limit', 1, 10_000) ?? 10_000;
  const events = [...group.streams.values()]
    .filter((stream) =>
      Array.isArray(names) ? names.includes(stream.logStreamName) : stream.logStreamName.startsWith(prefix ?? ''),
    )
    .flatMap((stream) => stream.events.map((event) => ({ stream: stream.logStreamName, event })))
    .filter(({ event }) => inWindow(event, startTime, endTime) && matches(event.message))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.sequence - b.event.sequence);
  const { items, nextToken } = pageOf(events, body, limit);
  return {
    events: items.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: event.eventId,
    })),
    searchedLogStreams: [],
    ...(nextToken ? { nextToken } : {}),
  };
}
