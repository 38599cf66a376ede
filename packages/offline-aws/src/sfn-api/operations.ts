/**
 * The Step Functions API operations the local endpoint serves, request body in, response body out,
 * as the AWS Step Functions API Reference describes them
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html).
 * Timestamps are epoch seconds, as the awsJson1_0 protocol carries them. Errors are
 * StepFunctionsError with the service's error code; anything else is UnknownOperationException.
 * Every request is first checked against its members' documented constraints (members.ts).
 * Versions, aliases, tags, UpdateStateMachine and ValidateStateMachineDefinition: operations/.
 */
import { StepFunctionsError } from '../engine/errors';
import { checkRequest } from './members';
import { executionInput, optionalString, page, requireString, type Body } from './fields';
import {
  createStateMachineAlias,
  deleteStateMachineAlias,
  describeStateMachineAlias,
  listStateMachineAliases,
  updateStateMachineAlias,
} from './operations/aliases';
import { createStateMachine, describeStateMachine, updateStateMachine } from './operations/machines';
import { listTagsForResource, tagResource, untagResource } from './operations/tags';
import { validateStateMachineDefinition } from './operations/validate';
import { deleteStateMachineVersion, listStateMachineVersions, publishStateMachineVersion } from './operations/versions';
import type { HistoryEvent } from '../engine/history';
import { describedRedrive, listedRedrive, redriveExecution, redriveFilter } from './operations/redrive';
import type { Execution, WorkflowRunner } from '../engine/runner';
import {
  describeMapRun,
  describeMapRunChild,
  listMapRunExecutions,
  listMapRuns,
  mapRunChildHistory,
} from './operations/map-runs';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from '../engine/task-answers';

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

/**
 * Serves one operation. @throws StepFunctionsError as the operation's reference page lists; a
 * ValidationException, before anything is done, for a member out of its constraints.
 */
export async function handleOperation(runner: WorkflowRunner, operation: string, body: Body): Promise<Body> {
  checkRequest(operation, body);
  switch (operation) {
    case 'CreateStateMachine':
      return createStateMachine(runner, body);
    case 'UpdateStateMachine':
      return updateStateMachine(runner, body);
    case 'DescribeStateMachine':
      return describeStateMachine(runner, requireString(body, 'stateMachineArn'));
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
    case 'DescribeExecution': {
      const child = describeMapRunChild(runner, requireString(body, 'executionArn'));
      if (child) return child;
      const execution = runner.getExecution(standardExecutionArn(body));
      return { ...describeExecution(execution), ...describedRedrive(runner, execution) };
    }
    case 'DescribeMapRun':
      return describeMapRun(runner, body);
    case 'ListMapRuns':
      return listMapRuns(runner, body);
    case 'RedriveExecution':
      return redriveExecution(runner, body);
    case 'ListExecutions': {
      if (body.mapRunArn !== undefined) return listMapRunExecutions(runner, body);
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
      const redriven = redriveFilter(body);
      const executions = runner
        .listExecutions()
        .filter(
          (e) =>
            e.stateMachineArn === machine.stateMachineArn &&
            associated(e) &&
            redriven(e) &&
            (statusFilter === undefined || e.status === statusFilter),
        )
        .reverse(); // most recent first, as AWS lists them
      const { items, nextToken } = page(executions, body, 'executions');
      return {
        executions: items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          // API_ExecutionListItem.html: the version and alias it was started with (recorded on AWS).
          ...(e.stateMachineVersionArn === undefined ? {} : { stateMachineVersionArn: e.stateMachineVersionArn }),
          ...(e.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: e.stateMachineAliasArn }),
          name: e.name,
          status: e.status,
          startDate: epochSeconds(e.startDate),
          stopDate: epochSeconds(e.stopDate),
          ...listedRedrive(e),
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
      const childEvents = mapRunChildHistory(runner, requireString(body, 'executionArn'));
      const events = [...(childEvents ?? runner.getExecution(standardExecutionArn(body)).history.events)];
      if (body.reverseOrder === true) events.reverse();
      const { items, nextToken } = page(events, body, 'history');
      const includeData = body.includeExecutionData !== false;
      return { events: items.map((event) => serializeEvent(event, includeData)), nextToken };
    }
    case 'SendTaskSuccess':
      sendTaskSuccess(runner.tokens, requireString(body, 'taskToken'), requireString(body, 'output'));
      return {};
    case 'SendTaskFailure':
      sendTaskFailure(
        runner.tokens,
        requireString(body, 'taskToken'),
        optionalString(body, 'error'),
        optionalString(body, 'cause'),
      );
      return {};
    case 'SendTaskHeartbeat':
      sendTaskHeartbeat(runner.tokens, requireString(body, 'taskToken'));
      return {};
    case 'ValidateStateMachineDefinition':
      return validateStateMachineDefinition(runner, body);
    case 'PublishStateMachineVersion':
      return publishStateMachineVersion(runner, body);
    case 'ListStateMachineVersions':
      return listStateMachineVersions(runner, body);
    case 'DeleteStateMachineVersion':
      return deleteStateMachineVersion(runner, body);
    case 'CreateStateMachineAlias':
      return createStateMachineAlias(runner, body);
    case 'DescribeStateMachineAlias':
      return describeStateMachineAlias(runner, body);
    case 'UpdateStateMachineAlias':
      return updateStateMachineAlias(runner, body);
    case 'DeleteStateMachineAlias':
      return deleteStateMachineAlias(runner, body);
    case 'ListStateMachineAliases':
      return listStateMachineAliases(runner, body);
    case 'TagResource':
      return tagResource(runner, body);
    case 'UntagResource':
      return untagResource(runner, body);
    case 'ListTagsForResource':
      return listTagsForResource(runner, body);
    default:
      throw new StepFunctionsError(
        'UnknownOperationException',
        `The offline Step Functions does not implement ${operation}`,
      );
  }
}
