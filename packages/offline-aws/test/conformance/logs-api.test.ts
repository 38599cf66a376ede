/**
 * The local CloudWatch Logs endpoint (src/logs-api/) through `@aws-sdk/client-cloudwatch-logs`
 * only, as the CloudWatch Logs API Reference describes each operation
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_<Operation>.html) and
 * the filter pattern syntax page
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html). The
 * endpoint runs on its own store here; sfn-api-logging.test.ts reads the one a runtime starts.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLogsEndpoint, type LogsEndpoint } from '../../src/logs-api/endpoint';
import { LogStore } from '../../src/logs-api/store';

let endpoint: LogsEndpoint;
let logs: CloudWatchLogsClient;
beforeAll(async () => {
  endpoint = await startLogsEndpoint(new LogStore('eu-west-1', '123456789012'));
  logs = new CloudWatchLogsClient({
    endpoint: endpoint.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  logs?.destroy();
  await endpoint?.stop();
});

/** The error an SDK call is rejected with: its name (the exception class) and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return { name: 'no error', message: '' };
}

let groups = 0;
/** A new group with one stream holding `messages`, one millisecond apart, ending now. */
async function groupWith(messages: string[], stream = 'app'): Promise<string> {
  groups += 1;
  const logGroupName = `/conformance/logs-${groups}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: stream }));
  const now = Date.now();
  if (messages.length > 0) {
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: stream,
        logEvents: messages.map((message, i) => ({ timestamp: now - messages.length + i, message })),
      }),
    );
  }
  return logGroupName;
}

it('CreateLogGroup / DescribeLogGroups / DeleteLogGroup, with their errors (API_CreateLogGroup.html, API_DescribeLogGroups.html, API_DeleteLogGroup.html)', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/vendedlogs/states/one' }));
  expect(await failure(logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/vendedlogs/states/one' })))).toEqual({
    name: 'ResourceAlreadyExistsException',
    message: 'The specified log group already exists',
  });
  expect((await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'has space' })))).name).toBe(
    'InvalidParameterException',
  );
  const described = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/states/' }));
  expect(described.logGroups).toEqual([
    expect.objectContaining({
      logGroupName: '/aws/vendedlogs/states/one',
      arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/one:*',
      logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/one',
    }),
  ]);
  await logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/vendedlogs/states/one' }));
  expect(await failure(logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/vendedlogs/states/one' })))).toEqual({
    name: 'ResourceNotFoundException',
    message: 'The specified log group does not exist.',
  });
});

it('CreateLogStream and PutLogEvents name a missing group or stream; a batch out of order is refused whole (API_PutLogEvents.html)', async () => {
  const missing = { logGroupName: '/conformance/missing', logStreamName: 's' };
  expect((await failure(logs.send(new CreateLogStreamCommand(missing)))).message).toBe(
    'The specified log group does not exist.',
  );
  const logGroupName = await groupWith([]);
  expect(
    await failure(
      logs.send(
        new PutLogEventsCommand({ logGroupName, logStreamName: 'other', logEvents: [{ timestamp: 1, message: 'x' }] }),
      ),
    ),
  ).toEqual({ name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
  expect((await failure(logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'app' })))).name).toBe(
    'ResourceAlreadyExistsException',
  );
  const now = Date.now();
  const unordered = [
    { timestamp: now, message: 'second' },
    { timestamp: now - 1, message: 'first' },
  ];
  expect(
    (await failure(logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'app', logEvents: unordered }))))
      .name,
  ).toBe('InvalidParameterException');
  expect((await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'app' }))).events).toEqual([]);
});

it('PutLogEvents stores the others and reports events over 14 days old or 2 hours ahead by index (API_PutLogEvents.html, RejectedLogEventsInfo)', async () => {
  const logGroupName = await groupWith([]);
  const now = Date.now();
  const put = (logEvents: { timestamp: number; message: string }[]) =>
    logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'app', logEvents }));
  const old = now - 15 * 24 * 60 * 60 * 1000;
  expect(
    (
      await put([
        { timestamp: old, message: 'old' },
        { timestamp: old + 1, message: 'old too' },
      ])
    ).rejectedLogEventsInfo,
  ).toEqual({
    tooOldLogEventEndIndex: 2,
  });
  const ahead = await put([
    { timestamp: now, message: 'kept' },
    { timestamp: now + 3 * 60 * 60 * 1000, message: 'ahead' },
  ]);
  expect(ahead.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
  // A batch may not span more than 24 hours.
  expect(
    (
      await failure(
        put([
          { timestamp: old, message: 'a' },
          { timestamp: now, message: 'b' },
        ]),
      )
    ).name,
  ).toBe('InvalidParameterException');
  const stored = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'app' }));
  expect(stored.events?.map((e) => e.message)).toEqual(['kept']);
});

it('GetLogEvents: the latest events by default, from the head with startFromHead, paged by its forward and backward tokens (API_GetLogEvents.html)', async () => {
  const logGroupName = await groupWith(['1', '2', '3', '4', '5']);
  const get = (more: { startFromHead?: boolean; nextToken?: string; limit?: number; startTime?: number }) =>
    logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'app', ...more }));
  const messages = (answer: { events?: { message?: string }[] }) => answer.events?.map((e) => e.message);
  expect(messages(await get({ limit: 2 }))).toEqual(['4', '5']);
  const head = await get({ startFromHead: true, limit: 2 });
  expect(messages(head)).toEqual(['1', '2']);
  const next = await get({ nextToken: head.nextForwardToken, limit: 2 });
  expect(messages(next)).toEqual(['3', '4']);
  const last = await get({ nextToken: next.nextForwardToken, limit: 2 });
  expect(messages(last)).toEqual(['5']);
  // At the end of the stream the forward token comes back unchanged.
  const end = await get({ nextToken: last.nextForwardToken, limit: 2 });
  expect(messages(end)).toEqual([]);
  expect(end.nextForwardToken).toBe(last.nextForwardToken);
  expect(messages(await get({ nextToken: next.nextBackwardToken, limit: 2 }))).toEqual(['1', '2']);
  const all = await get({ startFromHead: true });
  const third = all.events?.[2]?.timestamp ?? 0;
  expect(messages(await get({ startFromHead: true, startTime: third }))).toEqual(['3', '4', '5']);
  expect(all.events?.[0]).toEqual({ timestamp: expect.any(Number), message: '1', ingestionTime: expect.any(Number) });
});

it('DescribeLogStreams orders by name or by last event time; a prefix with LastEventTime is refused (API_DescribeLogStreams.html)', async () => {
  const logGroupName = await groupWith(['a'], 'b-stream');
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'a-stream' }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName,
      logStreamName: 'a-stream',
      logEvents: [{ timestamp: Date.now() + 1000, message: 'later' }],
    }),
  );
  const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
  expect(byName.logStreams?.map((s) => s.logStreamName)).toEqual(['a-stream', 'b-stream']);
  const byTime = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true }),
  );
  expect(byTime.logStreams?.map((s) => s.logStreamName)).toEqual(['a-stream', 'b-stream']);
  expect(byTime.logStreams?.[0]).toMatchObject({
    firstEventTimestamp: expect.any(Number),
    lastEventTimestamp: expect.any(Number),
    arn: `arn:aws:logs:eu-west-1:123456789012:log-group:${logGroupName}:log-stream:a-stream`,
  });
  expect(
    (
      await failure(
        logs.send(new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' })),
      )
    ).name,
  ).toBe('InvalidParameterException');
});

it('FilterLogEvents: terms, ?alternatives, -exclusions, quoted phrases and JSON comparisons; other pattern forms refused by name (FilterAndPatternSyntax.html)', async () => {
  const logGroupName = await groupWith([
    'ERROR disk full',
    'WARN disk almost full',
    'ERROR retrying later',
    '{"type":"TaskFailed","n":3,"ok":false}',
    '{"type":"TaskSucceeded","n":7,"ok":true,"none":null}',
  ]);
  const filter = async (filterPattern?: string) =>
    (await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern }))).events?.map((e) => e.message);
  expect(await filter()).toHaveLength(5);
  expect(await filter('ERROR')).toEqual(['ERROR disk full', 'ERROR retrying later']);
  expect(await filter('ERROR -retrying')).toEqual(['ERROR disk full']);
  expect(await filter('?WARN ?retrying')).toEqual(['WARN disk almost full', 'ERROR retrying later']);
  expect(await filter('"almost full"')).toEqual(['WARN disk almost full']);
  expect(await filter('{ $.type = "TaskFailed" }')).toEqual(['{"type":"TaskFailed","n":3,"ok":false}']);
  expect(await filter('{ $.type = Task* && $.n > 5 }')).toEqual([
    '{"type":"TaskSucceeded","n":7,"ok":true,"none":null}',
  ]);
  expect(await filter('{ $.type != "TaskFailed" }')).toEqual(['{"type":"TaskSucceeded","n":7,"ok":true,"none":null}']);
  expect(await filter('{ $.ok IS FALSE || $.none IS NULL }')).toHaveLength(2);
  expect(await filter('{ $.none NOT EXISTS }')).toEqual(['{"type":"TaskFailed","n":3,"ok":false}']);
  const refused = await failure(logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '[ip, user]' })));
  expect(refused).toEqual({
    name: 'InvalidParameterException',
    message: 'The offline CloudWatch Logs does not support space-delimited ([…]) patterns in a filter pattern',
  });
  const events = await logs.send(new FilterLogEventsCommand({ logGroupName, limit: 2 }));
  expect(events.events?.[0]).toMatchObject({ logStreamName: 'app', eventId: expect.any(String) });
  const rest = await logs.send(new FilterLogEventsCommand({ logGroupName, limit: 2, nextToken: events.nextToken }));
  expect(rest.events?.map((e) => e.message)).toEqual([
    'ERROR retrying later',
    '{"type":"TaskFailed","n":3,"ok":false}',
  ]);
});
