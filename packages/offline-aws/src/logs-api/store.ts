/**
 * What the local CloudWatch Logs endpoint holds, in memory for the life of the runtime: log groups,
 * their log streams and each stream's events, with the rules of the CloudWatch Logs API Reference
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/): names and their
 * patterns, events kept in timestamp order, PutLogEvents' batch rules and its rejected events.
 */
import { invalidMember, LogsError, logGroupNotFound, logStreamNotFound } from './errors';

export interface StoredEvent {
  /** Epoch milliseconds the event says it happened at. */
  timestamp: number;
  message: string;
  /** Epoch milliseconds it was received. */
  ingestionTime: number;
  /** Unique in the store; FilterLogEvents reports it. */
  eventId: string;
  /** Insertion order, to keep events of one millisecond in the order they came. */
  sequence: number;
}

export interface LogStream {
  logStreamName: string;
  creationTime: number;
  events: StoredEvent[];
  lastIngestionTime?: number;
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

export interface InputEvent {
  timestamp: number;
  message: string;
}

export interface RejectedInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

/** PutLogEvents' limits (API_PutLogEvents.html): 10,000 events, 1,048,576 bytes counting 26 per event, 2 h ahead, 14 days back. */
export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const TOO_NEW_MS = 2 * 60 * 60 * 1000;
const TOO_OLD_MS = 14 * 24 * 60 * 60 * 1000;
/** A batch may not span more than 24 hours (API_PutLogEvents.html). */
const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const STREAM_NAME = /^[^:*]*$/;

/** A log group name as CreateLogGroup accepts it (1–512 characters of `[.-_/#A-Za-z0-9]`). @throws LogsError InvalidParameterException. */
export function checkGroupName(name: string, field = 'logGroupName'): void {
  if (name.length < 1 || name.length > 512) {
    throw invalidMember(field, name, 'Member must have length less than or equal to 512');
  }
  if (!GROUP_NAME.test(name)) {
    throw invalidMember(field, name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
  }
}

/** A log stream name (1–512 characters, no `:` or `*`). @throws LogsError InvalidParameterException. */
export function checkStreamName(name: string, field = 'logStreamName'): void {
  if (name.length < 1 || name.length > 512) {
    throw invalidMember(field, name, 'Member must have length less than or equal to 512');
  }
  if (!STREAM_NAME.test(name)) {
    throw invalidMember(field, name, 'Member must satisfy regular expression pattern: [^:*]*');
  }
}

export class LogStore {
  private readonly groups = new Map<string, LogGroup>();
  private sequence = 0;

  constructor(
    readonly region: string,
    readonly accountId: string,
    /** Read at each call (not captured), so a test's fake clock is the store's clock too. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** `arn:aws:logs:<region>:<account>:log-group:<name>` (DescribeLogGroups' `logGroupArn`; `arn` adds `:*`). */
  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  /** CreateLogGroup (API_CreateLogGroup.html). @throws LogsError InvalidParameterException, ResourceAlreadyExistsException. */
  createGroup(name: string): LogGroup {
    checkGroupName(name);
    if (this.groups.has(name)) {
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    const group: LogGroup = { logGroupName: name, creationTime: this.now(), streams: new Map() };
    this.groups.set(name, group);
    return group;
  }

  /** The group, created when missing (the runtime's own groups: serverless.yml's, whatever exists). */
  ensureGroup(name: string): LogGroup {
    return this.groups.get(name) ?? this.createGroup(name);
  }

  /** DeleteLogGroup: the group and every stream and event in it. @throws LogsError ResourceNotFoundException. */
  deleteGroup(name: string): void {
    if (!this.groups.delete(name)) throw logGroupNotFound();
  }

  /** @throws LogsError ResourceNotFoundException. */
  group(name: string): LogGroup {
    const group = this.groups.get(name);
    if (!group) throw logGroupNotFound();
    return group;
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  /** Every group, in name order (as DescribeLogGroups lists them). */
  listGroups(): LogGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1));
  }

  /** CreateLogStream. @throws LogsError InvalidParameterException, ResourceNotFoundException, ResourceAlreadyExistsException. */
  createStream(groupName: string, streamName: string): LogStream {
    checkStreamName(streamName);
    const group = this.group(groupName);
    if (group.streams.has(streamName)) {
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    }
    const stream: LogStream = { logStreamName: streamName, creationTime: this.now(), events: [] };
    group.streams.set(streamName, stream);
    return stream;
  }

  /** @throws LogsError ResourceNotFoundException (the group's, then the stream's). */
  stream(groupName: string, streamName: string): LogStream {
    const stream = this.group(groupName).streams.get(streamName);
    if (!stream) throw logStreamNotFound();
    return stream;
  }

  /**
   * PutLogEvents (API_PutLogEvents.html): a batch in chronological order, within the size limits
   * and 24 hours; events over 2 hours ahead or 14 days old are rejected and reported by index, the
   * others stored.
   * @throws LogsError InvalidParameterException (order, size, span), ResourceNotFoundException.
   */
  put(groupName: string, streamName: string, events: readonly InputEvent[]): RejectedInfo {
    const stream = this.stream(groupName, streamName);
    if (events.length < 1 || events.length > MAX_BATCH_EVENTS) {
      throw invalidMember('logEvents', `[${events.length} events]`, 'Member must have length between 1 and 10000');
    }
    let bytes = 0;
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i] as InputEvent;
      if (event.message.length === 0) {
        throw invalidMember(
          `logEvents.${i + 1}.member.message`,
          '',
          'Member must have length greater than or equal to 1',
        );
      }
      if (i > 0 && event.timestamp < (events[i - 1] as InputEvent).timestamp) {
        throw new LogsError(
          'InvalidParameterException',
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
      }
      bytes += Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD_BYTES;
    }
    if (bytes > MAX_BATCH_BYTES) {
      throw new LogsError(
        'InvalidParameterException',
        `Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`,
      );
    }
    if ((events.at(-1) as InputEvent).timestamp - (events[0] as InputEvent).timestamp > MAX_BATCH_SPAN_MS) {
      throw new LogsError(
        'InvalidParameterException',
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
    }
    const now = this.now();
    const rejected: RejectedInfo = {};
    events.forEach((event, index) => {
      if (event.timestamp > now + TOO_NEW_MS) {
        rejected.tooNewLogEventStartIndex ??= index;
        return;
      }
      if (event.timestamp < now - TOO_OLD_MS) {
        rejected.tooOldLogEventEndIndex = index + 1;
        return;
      }
      this.sequence += 1;
      stream.events.push({
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: now,
        eventId: String(this.sequence).padStart(20, '0'),
        sequence: this.sequence,
      });
    });
    stream.events.sort((a, b) => a.timestamp - b.timestamp || a.sequence - b.sequence);
    stream.lastIngestionTime = now;
    return rejected;
  }
}
