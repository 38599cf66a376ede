/**
 * `sls invoke local` joined to a running stack: the executions the invocation started go on in
 * that stack, and the command ends before them. What it prints instead of their outcome: each
 * execution started since the invocation began, its status now, and the console page that follows
 * it (console/model/routes.ts), asked from the stack's Step Functions endpoint (ListStateMachines,
 * ListExecutions: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html).
 */
import {
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import { executionPageUrl } from '../console/model/routes';
import { readConsoleKey } from '../console/guard';
import { stateDirectory, type EndpointsFile } from '../endpoints/file';

/** Executions of every STANDARD state machine of the endpoint that started at or after `since`, oldest first. */
export async function executionsStartedSince(
  endpoint: string,
  region: string,
  since: Date,
): Promise<ExecutionListItem[]> {
  const client = new SFNClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const machines: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListStateMachinesCommand({ nextToken: token }));
      // ListExecutions refuses an EXPRESS machine (StateMachineTypeNotSupported: API_ListExecutions.html);
      // its executions are children of a Standard one, which is listed.
      for (const machine of page.stateMachines ?? [])
        if (machine.stateMachineArn && machine.type !== 'EXPRESS') machines.push(machine.stateMachineArn);
      token = page.nextToken;
    } while (token);
    const started: ExecutionListItem[] = [];
    for (const stateMachineArn of machines) {
      // Newest first: stop at the first page that reaches back before `since`.
      let next: string | undefined;
      do {
        const page = await client.send(new ListExecutionsCommand({ stateMachineArn, nextToken: next }));
        const items = page.executions ?? [];
        started.push(...items.filter((item) => item.startDate && item.startDate >= since));
        next = items.some((item) => item.startDate && item.startDate < since) ? undefined : page.nextToken;
      } while (next);
    }
    return started.sort((a, b) => (a.startDate?.getTime() ?? 0) - (b.startDate?.getTime() ?? 0));
  } finally {
    client.destroy();
  }
}

/**
 * The lines a joined invocation prints about the executions it started: one per execution with its
 * console link (or, with no console running, where npm start reports it). Never throws: an endpoint
 * that does not answer gives one line saying so.
 */
export async function followLines(
  file: EndpointsFile,
  region: string,
  since: Date,
  consoleKey: string | undefined = readConsoleKey(stateDirectory()),
): Promise<string[]> {
  const { pid, endpoints } = file;
  const where = `the local stack of npm start (pid ${pid})`;
  let executions: ExecutionListItem[];
  try {
    executions = await executionsStartedSince(endpoints.stepfunctions ?? '', region, since);
  } catch (error) {
    return [`(ran against ${where}; its Step Functions endpoint did not list executions: ${(error as Error).message})`];
  }
  if (executions.length === 0) return [`(ran against ${where}; no execution started)`];
  return executions.map((execution) => {
    const follow = endpoints.console
      ? `follow it at ${executionPageUrl(endpoints.console, execution.executionArn ?? '', consoleKey)}`
      : 'npm start reports it';
    return `execution ${execution.name} ${execution.status} in ${where}, where it goes on: ${follow}`;
  });
}
