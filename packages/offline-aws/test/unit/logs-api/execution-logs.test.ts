/**
 * The execution log writer (src/logs-api/execution-logs.ts) on a LogStore, without a runtime: the
 * levels of https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html, one
 * stream per execution, and what it says when it cannot write (never failing the execution).
 */
import type { LoggingConfiguration } from 'offline-aws/engine/definition';
import type { HistoryEvent } from 'offline-aws/engine/history';
import { ExecutionLogWriter, levelLogs, logGroupNameOf } from 'offline-aws/logs-api/execution-logs';
import { compileFilterPattern } from 'offline-aws/logs-api/filter-pattern';
import { LogStore } from 'offline-aws/logs-api/store';

const GROUP = '/aws/vendedlogs/states/m';
const logging = (level: LoggingConfiguration['level'], group = GROUP): LoggingConfiguration => ({
  level,
  includeExecutionData: false,
  destinations: [
    { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:eu-west-1:123456789012:log-group:${group}:*` } },
  ],
});
const execution = (arn: string, level: LoggingConfiguration['level'], group?: string) => ({
  executionArn: arn,
  machineName: 'm',
  logging: logging(level, group),
  startDate: new Date('2026-12-07T12:34:56Z'),
});
const event = (id: number, type: string, timestamp = new Date()): HistoryEvent => ({
  id,
  previousEventId: id - 1,
  timestamp,
  type,
});

function setup() {
  const store = new LogStore('eu-west-1', '123456789012');
  store.createGroup(GROUP);
  const lines: string[] = [];
  return { store, lines, writer: new ExecutionLogWriter(store, (line) => lines.push(line)) };
}
const messages = (store: LogStore) =>
  [...store.group(GROUP).streams.values()].flatMap((s) =>
    s.events.map((e) => JSON.parse(e.message) as { type: string }),
  );

it('writes what each level covers, each execution to a stream of its own named states/<machine>/<hour>/<id>', () => {
  const { store, writer } = setup();
  const types = ['ExecutionStarted', 'TaskStateEntered', 'TaskFailed', 'FailStateEntered', 'ExecutionFailed'];
  for (const level of ['ALL', 'ERROR', 'FATAL', 'OFF'] as const) {
    types.forEach((type, i) => writer.record(execution(`arn:${level}`, level), event(i + 1, type)));
  }
  expect(messages(store).map((m) => m.type)).toEqual([
    ...types,
    ...['TaskFailed', 'FailStateEntered', 'ExecutionFailed'],
    'ExecutionFailed',
  ]);
  const streams = [...store.group(GROUP).streams.keys()];
  expect(streams).toHaveLength(3);
  for (const name of streams) expect(name).toMatch(/^states\/m\/2026-12-07-12\/[0-9a-f]{8}$/);
  expect(levelLogs('ERROR', 'WaitStateAborted')).toBe(true);
  expect(levelLogs('FATAL', 'TaskFailed')).toBe(false);
});

it('says once per group that a destination group does not exist, and when an event is rejected; never throws', () => {
  const { store, lines, writer } = setup();
  writer.record(execution('arn:1', 'ALL', '/missing'), event(1, 'ExecutionStarted'));
  writer.record(execution('arn:2', 'ALL', '/missing'), event(1, 'ExecutionStarted'));
  expect(lines).toEqual([
    "CloudWatch Logs: log group /missing does not exist; m's execution events are not logged (AWS refuses this logging configuration)",
  ]);
  writer.record(execution('arn:3', 'ALL'), event(1, 'ExecutionStarted', new Date(Date.now() - 20 * 24 * 3600 * 1000)));
  expect(lines[1]).toBe('CloudWatch Logs: ExecutionStarted of arn:3 was rejected (over 14 days old or 2 hours ahead)');
  store.deleteGroup(GROUP);
  expect(() => writer.record(execution('arn:3', 'ALL'), event(2, 'PassStateEntered'))).not.toThrow();
  expect(lines[2]).toContain(`log group ${GROUP} does not exist`);
});

it("reads a destination's group name from its ARN, with or without the streams' :*", () => {
  expect(logGroupNameOf('arn:aws:logs:eu-west-1:1:log-group:/a/b:*')).toBe('/a/b');
  expect(logGroupNameOf('arn:aws:logs:eu-west-1:1:log-group:/a/b')).toBe('/a/b');
  expect(logGroupNameOf('arn:aws:sqs:eu-west-1:1:q')).toBeUndefined();
});

it('refuses malformed filter patterns with InvalidParameterException', () => {
  for (const pattern of ['{ $.a = "x" ', '{ a = 1 }', '{ $.a > "x" }', '"unclosed', '{ ($.a = 1) }']) {
    expect(() => compileFilterPattern(pattern)).toThrow(expect.objectContaining({ name: 'InvalidParameterException' }));
  }
  expect(compileFilterPattern('{ $.list[1] = 2 }')('{"list":[1,2]}')).toBe(true);
  expect(compileFilterPattern('{ $.a = "x" }')('not json')).toBe(false);
});
