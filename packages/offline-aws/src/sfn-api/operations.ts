/**
 * The Step Functions API operations the local endpoint serves, request body in, response body out,
 * as the AWS Step Functions API Reference describes them
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html).
 * Timestamps are epoch seconds, as the awsJson1_0 protocol carries them. Errors are
 * StepFunctionsError with the service's error code; anything else is UnknownOperationException.
 */
import { optionalLogging, optionalTracing, validation } from './configuration';
import { StepFunctionsError } from '../engine/errors';
import {
  definitionText,
  executionInput,
  machineType,
  optionalString,
  page,
  requireString,
  roleArn,
  type Body,
} from './fields';
import type { HistoryEvent } from '../engine/history';
import type { StateMachineRecord } from '../engine/machines';
import type { Execution, WorkflowRunner } from '../engine/runner';

export type { Body } from './fields';

const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

function describeExecution(execution: Execution): Body {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    ...(execution.stateMachineVersionArn === undefined
      ? {}
      : { stateMachineVersionArn: execution.stateMachineVersionArn }),
    ...(execution.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: execution.stateMachineAliasArn }),
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: epochSeconds(execution.stopDate),
    input: JSON.stringify(execution.input),
    inputDetails: { included: true },
    ...(execution.output === undefined
      ? {}
      : { output: JSON.stringify(execution.output), outputDetails: { included: true } }),
    error: execution.error,
    cause: execution.cause,
  };
}

function describeStateMachine(machine: StateMachineRecord): Body {
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    status: machine.status,
    definition: machine.definitionText,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(machine.creationDate),
    loggingConfiguration: { ...machine.workflow.logging },
    tracingConfiguration: { ...machine.workflow.tracing },
    ...(machine.revisionId === undefined ? {} : { revisionId: machine.revisionId }),
  };
}

/** DescribeStateMachineForExecution (API_DescribeStateMachineForExecution.html): the execution's definition. */
function describeStateMachineForExecution(runner: WorkflowRunner, executionArn: string): Body {
  const machine = runner.stateMachineForExecution(executionArn);
  if (machine.type === 'EXPRESS') {
    throw new StepFunctionsError(
      'StateMachineTypeNotSupported',
      'This operation is not supported by this type of state machine',
    );
  }
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    definition: machine.definitionText,
    roleArn: machine.roleArn,
    updateDate: epochSeconds(machine.updateDate),
    loggingConfiguration: { ...machine.workflow.logging },
    tracingConfiguration: { ...machine.workflow.tracing },
    ...(machine.revisionId === undefined ? {} : { revisionId: machine.revisionId }),
  };
}

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'inputDetails', 'outputDetails']);

/** A history event as the API returns it; without `includeExecutionData`, without inputs and outputs. */
function serializeEvent(event: HistoryEvent, includeData: boolean): Body {
  const out: Body = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'timestamp') out.timestamp = epochSeconds(value as Date);
    else if (!includeData && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
    } else out[key] = value;
  }
  return out;
}

/**
 * The execution ARN an operation that Express executions do not have (DescribeExecution,
 * GetExecutionHistory, DescribeStateMachineForExecution, StopExecution: "This API action is not
 * supported by EXPRESS state machines", API_DescribeExecution.html) is asked about; an Express
 * execution's ARN (`…:express:…`) is refused as AWS refuses it: InvalidArn, "Resource type not
 * valid in this context: express". Its run is read from its machine's CloudWatch Logs log group.
 */
function standardExecutionArn(body: Body): string {
  const executionArn = requireString(body, 'executionArn');
  if (executionArn.split(':')[5] === 'express') {
    throw new StepFunctionsError('InvalidArn', "Invalid Arn: 'Resource type not valid in this context: express'");
  }
  return executionArn;
}

const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

/** Serves one operation. @throws StepFunctionsError as the operation's reference page lists. */
export async function handleOperation(runner: WorkflowRunner, operation: string, body: Body): Promise<Body> {
  switch (operation) {
    case 'CreateStateMachine': {
      const machine = runner.machines.create({
        name: requireString(body, 'name'),
        definition: definitionText(body),
        roleArn: roleArn(body),
        type: machineType(body),
        ...optionalLogging(body),
        ...optionalTracing(body),
      });
      return { stateMachineArn: machine.stateMachineArn, creationDate: epochSeconds(machine.creationDate) };
    }
    case 'DescribeStateMachine':
      return describeStateMachine(runner.machines.get(requireString(body, 'stateMachineArn')));
    case 'DescribeStateMachineForExecution':
      return describeStateMachineForExecution(runner, standardExecutionArn(body));
    case 'ListStateMachines': {
      const { items, nextToken } = page(runner.machines.list(), body, 'machines');
      return {
        stateMachines: items.map((m) => ({
          stateMachineArn: m.stateMachineArn,
          name: m.name,
          type: m.type,
          creationDate: epochSeconds(m.creationDate),
        })),
        nextToken,
      };
    }
    case 'DeleteStateMachine': {
      const arn = requireString(body, 'stateMachineArn');
      runner.machines.delete(arn, runner.running(arn));
      return {};
    }
    case 'StartExecution': {
      const execution = runner.startExecution(
        optionalString(body, 'name'),
        executionInput(body),
        requireString(body, 'stateMachineArn'),
      );
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    }
    case 'StartSyncExecution': {
      const arn = requireString(body, 'stateMachineArn');
      if (runner.machines.get(arn).type !== 'EXPRESS') {
        throw new StepFunctionsError(
          'StateMachineTypeNotSupported',
          'This operation is not supported by this type of state machine',
        );
      }
      const execution = await runner.startExecution(optionalString(body, 'name'), executionInput(body), arn).completion;
      const { inputDetails, outputDetails, ...description } = describeExecution(execution);
      const durationMs = (execution.stopDate?.getTime() ?? Date.now()) - execution.startDate.getTime();
      return {
        ...description,
        inputDetails,
        outputDetails,
        billingDetails: {
          billedMemoryUsedInMB: 64,
          billedDurationInMilliseconds: Math.max(100, Math.ceil(durationMs / 100) * 100),
        },
      };
    }
    case 'DescribeExecution':
      return describeExecution(runner.getExecution(standardExecutionArn(body)));
    case 'ListExecutions': {
      const arn = requireString(body, 'stateMachineArn');
      // A version or alias ARN lists the executions associated with it (API_ListExecutions.html).
      const { record: machine, stateMachineAliasArn, stateMachineVersionArn } = runner.machines.resolve(arn);
      const associated = (e: Execution) =>
        stateMachineAliasArn !== undefined
          ? e.stateMachineAliasArn === arn
          : stateMachineVersionArn === undefined || e.stateMachineVersionArn === arn;
      if (machine.type === 'EXPRESS') {
        throw new StepFunctionsError(
          'StateMachineTypeNotSupported',
          'This operation is not supported by this type of state machine',
        );
      }
      const statusFilter = optionalString(body, 'statusFilter');
      if (statusFilter !== undefined && !STATUSES.has(statusFilter)) {
        throw validation('statusFilter', `Member must satisfy enum value set: [${[...STATUSES].join(', ')}]`);
      }
      const executions = runner
        .listExecutions()
        .filter(
          (e) =>
            e.stateMachineArn === machine.stateMachineArn &&
            associated(e) &&
            (statusFilter === undefined || e.status === statusFilter),
        )
        .reverse(); // most recent first, as AWS lists them
      const { items, nextToken } = page(executions, body, 'executions');
      return {
        executions: items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: epochSeconds(e.startDate),
          stopDate: epochSeconds(e.stopDate),
        })),
        nextToken,
      };
    }
    case 'StopExecution': {
      const execution = runner.stopExecution(
        standardExecutionArn(body),
        optionalString(body, 'error'),
        optionalString(body, 'cause'),
      );
      await execution.completion;
      return { stopDate: epochSeconds(execution.stopDate) };
    }
    case 'GetExecutionHistory': {
      const execution = runner.getExecution(standardExecutionArn(body));
      const events = [...execution.history.events];
      if (body.reverseOrder === true) events.reverse();
      const { items, nextToken } = page(events, body, 'history');
      const includeData = body.includeExecutionData !== false;
      return { events: items.map((event) => serializeEvent(event, includeData)), nextToken };
    }
    case 'SendTaskSuccess':
      runner.sendTaskSuccess(requireString(body, 'taskToken'), requireString(body, 'output'));
      return {};
    case 'SendTaskFailure':
      runner.sendTaskFailure(
        requireString(body, 'taskToken'),
        optionalString(body, 'error'),
        optionalString(body, 'cause'),
      );
      return {};
    case 'SendTaskHeartbeat':
      runner.sendTaskHeartbeat(requireString(body, 'taskToken'));
      return {};
    default:
      throw new StepFunctionsError(
        'UnknownOperationException',
        `The offline Step Functions does not implement ${operation}`,
      );
  }
}
