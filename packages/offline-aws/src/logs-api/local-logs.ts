/**
 * The runtime's CloudWatch Logs: a LogStore with the log groups serverless.yml declares
 * (`AWS::Logs::LogGroup` resources with a `LogGroupName`), served on a local endpoint
 * (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, the SDKs' variable for the service), and the state machines'
 * execution logs written into it as their histories are recorded (execution-logs.ts).
 */
import type { WorkflowRunner } from '../engine/runner';
import { resourcesOfType, type ServerlessConfig } from '../serverless/config';
import { startLogsEndpoint } from './endpoint';
import { ExecutionLogWriter } from './execution-logs';
import { LogStore } from './store';

export interface LocalLogs {
  /** `http://127.0.0.1:<port>` */
  url: string;
  store: LogStore;
  stop(): Promise<void>;
}

/**
 * The names of the log groups the project declares (`AWS::Logs::LogGroup` with a `LogGroupName`; one
 * without gets a generated name on AWS, which nothing here can refer to: it is not created).
 */
export function declaredLogGroups(config: ServerlessConfig): string[] {
  return resourcesOfType(config, 'AWS::Logs::LogGroup')
    .map(([, resource]) => resource.Properties?.LogGroupName)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Starts the store and its endpoint, creates the declared groups, subscribes the execution log
 * writer to `runner` and sets AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.
 * @throws the listen error (EADDRINUSE on a fixed port in use); an invalid declared group name (InvalidParameterException).
 */
export async function startLocalLogs(
  config: ServerlessConfig,
  runner: WorkflowRunner,
  options: { port?: number; print?: (line: string) => void } = {},
): Promise<LocalLogs> {
  const store = new LogStore(config.region, config.accountId);
  for (const name of declaredLogGroups(config)) store.ensureGroup(name);
  const writer = new ExecutionLogWriter(store, options.print);
  const unsubscribe = runner.onHistoryEvent((execution, machine, event) =>
    writer.record(
      {
        executionArn: execution.executionArn,
        machineName: machine.name,
        logging: machine.workflow.logging,
        startDate: execution.startDate,
      },
      event,
    ),
  );
  const endpoint = await startLogsEndpoint(store, options.port).catch((error: unknown) => {
    unsubscribe();
    throw error;
  });
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = endpoint.url;
  return {
    url: endpoint.url,
    store,
    async stop() {
      unsubscribe();
      await endpoint.stop();
    },
  };
}
