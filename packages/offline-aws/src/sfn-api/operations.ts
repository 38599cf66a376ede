/**
 * The Step Functions API operations the local endpoint serves, request body in, response body out,
 * as the AWS Step Functions API Reference describes them
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html).
 * Timestamps are epoch seconds, as the awsJson1_0 protocol carries them. Errors are
 * StepFunctionsError with the service's error code; anything else is UnknownOperationException.
 */
import type { Json } from '../serverless/config';
import { optionalLogging, optionalTracing, validation } from './configuration';
import { checkExecutionInputSize, StepFunctionsError } from '../engine/errors';
import type { HistoryEvent } from '../engine/history';
import type { StateMachineRecord, StateMachineType } from '../engine/machines';
import type { Execution, WorkflowRunner } from '../engine/runner';

export type Body = Record<string, unknown>;

const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw validation(field, 'Member must not be null');
  return value;
}

const optionalString = (body: Body, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(field, 'Member must be a string');
  return value;
};

/** CreateStateMachine's `definition`: 1 to 1,048,576 characters (API reference, CreateStateMachine). */
const DEFINITION_MAX_LENGTH = 1_048_576;

/** An IAM role ARN, as CreateStateMachine's `roleArn` must be (1–256 characters; InvalidArn otherwise). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

function definitionText(body: Body): string {
  const definition = requireString(body, 'definition');
  if (definition.length > DEFINITION_MAX_LENGTH) {
    throw validation('definition', `Member must have length less than or equal to ${DEFINITION_MAX_LENGTH}`);
  }
  return definition;
}

function roleArn(body: Body): string {
  const arn = requireString(body, 'roleArn');
  if (arn.length > 256) throw validation('roleArn', 'Member must have length less than or equal to 256');
  if (!ROLE_ARN.test(arn))
    throw new StepFunctionsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  return arn;
}

/** `maxResults`: 0–1000, 0 (or absent) meaning the default of 100. */
function maxResults(body: Body): number {
  const value = body.maxResults ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw validation('maxResults', 'Member must have value less than or equal to 1000');
  }
  return value === 0 ? 100 : value;
}

/** One page of `items` from the opaque `nextToken` (an offset); a token not issued here is InvalidToken. */
function page<T>(items: T[], body: Body, scope: string): { items: T[]; nextToken?: string } {
  const size = maxResults(body);
  let offset = 0;
  const token = optionalString(body, 'nextToken');
  if (token !== undefined) {
    const decoded = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded || decoded[1] !== scope)
      throw new StepFunctionsError('InvalidToken', 'Invalid Token: the nextToken is not valid');
    offset = Number(decoded[2]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextToken: Buffer.from(`${scope}:${end}`).toString('base64url') } : {}),
  };
}

/**
 * An execution's `input`: any JSON value — an object, an array, a string, a number (`{}` when
 * absent) — at most 256 KiB (ValidationException); text that is not JSON is InvalidExecutionInput
 * (API_StartExecution.html; executions recorded on AWS run with non-object inputs).
 */
function executionInput(body: Body): Json {
  const text = optionalString(body, 'input') ?? '{}';
  checkExecutionInputSize(text);
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
  }
}

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

const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

function machineType(body: Body): StateMachineType {
  const type = optionalString(body, 'type') ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS')
    throw validation('type', 'Member must satisfy enum value set: [STANDARD, EXPRESS]');
  return type;
}

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
      return describeStateMachineForExecution(runner, requireString(body, 'executionArn'));
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
      return describeExecution(runner.getExecution(requireString(body, 'executionArn')));
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
        requireString(body, 'executionArn'),
        optionalString(body, 'error'),
        optionalString(body, 'cause'),
      );
      await execution.completion;
      return { stopDate: epochSeconds(execution.stopDate) };
    }
    case 'GetExecutionHistory': {
      const execution = runner.getExecution(requireString(body, 'executionArn'));
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
