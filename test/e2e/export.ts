/**
 * Exports an execution with its `.sync` children as a user exports one from a deployed stage,
 * with the same calls the AWS CLI makes (describe-state-machine, get-execution-history,
 * logs filter-log-events), here against the local endpoints: the files the console's "Open
 * exported history" page reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';

export interface ExportedFiles {
  definitions: string[];
  history: string;
  logs: string[];
}

/** An SDK answer as the CLI prints it: without the SDK's `$metadata`. */
function withoutMetadata<T extends { $metadata?: unknown }>(answer: T): Omit<T, '$metadata'> {
  const copy = { ...answer };
  delete copy.$metadata;
  return copy;
}

/** Writes the files of `executionArn` and its children into `directory`. */
export async function exportWithChildren(
  endpoints: Readonly<Record<string, string>>,
  executionArn: string,
  directory: string,
): Promise<ExportedFiles> {
  mkdirSync(directory, { recursive: true });
  const client = {
    region: executionArn.split(':')[3],
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const sfn = new SFNClient({ ...client, endpoint: endpoints.stepfunctions });
  const logs = new CloudWatchLogsClient({ ...client, endpoint: endpoints.logs });
  const write = (name: string, value: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
    return path;
  };
  const parent = withoutMetadata(await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn })));
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, includeExecutionData: true }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const files: ExportedFiles = {
    definitions: [write(`${parent.name}.json`, parent)],
    history: write('history.json', { events }),
    logs: [],
  };
  // The child machines the Tasks name (their version ARNs), and each one's log group.
  const definition = JSON.parse(parent.definition ?? '{}') as { States?: Record<string, { Arguments?: unknown }> };
  for (const state of Object.values(definition.States ?? {})) {
    const arn = (state.Arguments as { StateMachineArn?: unknown } | undefined)?.StateMachineArn;
    if (typeof arn !== 'string') continue;
    const child = withoutMetadata(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
    files.definitions.push(write(`${child.name}.json`, child));
    const group = /:log-group:([^:]+)/.exec(
      child.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn ?? '',
    )?.[1];
    if (group === undefined) continue;
    const found: FilteredLogEvent[] = [];
    let token: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, nextToken: token }));
      found.push(...(page.events ?? []));
      token = page.nextToken;
    } while (token);
    files.logs.push(write(`${child.name}.log.json`, { events: found }));
  }
  return files;
}
