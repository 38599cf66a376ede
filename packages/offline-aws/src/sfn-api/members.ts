/**
 * The request members of each operation the local endpoint serves and their constraints, as the
 * API Reference lists them under "Request Parameters"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html; the shapes
 * are the API model's: Arn, LongArn, Name, SensitiveData, SensitiveError, SensitiveCause, TaskToken,
 * PageToken, …). `checkRequest` refuses a request that breaks any of them before the operation
 * reads it, so a refused call changes nothing. What the model does not say (that `roleArn` is an
 * IAM role ARN, the rules of an execution name, a routing configuration's weights summing to 100)
 * the operations check themselves.
 */
import { checkMembers, type Constraint, type Members } from './constraints';

const required = (c: Constraint): Constraint => ({ ...c, required: true });

/** Arn: 1–256 characters. */
const ARN: Constraint = { min: 1, max: 256 };
/** LongArn (a Map Run's, a version's): 1–2000 characters. */
const LONG_ARN: Constraint = { min: 1, max: 2000 };
/** Name (of a state machine, of an execution): 1–80 characters. */
const NAME: Constraint = { min: 1, max: 80 };
/** Definition: 1–1,048,576 characters, sensitive. */
const DEFINITION: Constraint = { min: 1, max: 1_048_576, sensitive: true };
/** VersionDescription, AliasDescription: at most 256 characters, sensitive. */
const DESCRIPTION: Constraint = { max: 256, sensitive: true };
/** SensitiveData (execution input, task output): at most 262,144 bytes of UTF-8 (256 KiB). */
const SENSITIVE_DATA: Constraint = { max: 262_144, bytes: true, sensitive: true };
/** SensitiveError: at most 256 characters. */
const SENSITIVE_ERROR: Constraint = { max: 256, sensitive: true };
/** SensitiveCause: at most 32,768 characters. */
const SENSITIVE_CAUSE: Constraint = { max: 32_768, sensitive: true };
/** TaskToken: 1–2048 characters. */
const TASK_TOKEN: Constraint = { min: 1, max: 2048 };
/** PageToken: 1–1024 characters (ListExecutionsPageToken: 1–3096). */
const PAGE_TOKEN: Constraint = { min: 1, max: 1024 };
/** PageSize: 0–1000 (0: the default). */
const PAGE_SIZE: Constraint = { integer: true, min: 0, max: 1000 };
/** TraceHeader: 0–256 ASCII characters. */
const TRACE_HEADER: Constraint = { max: 256, pattern: '\\p{ASCII}*' };
const INCLUDED_DATA: Constraint = { values: ['ALL_DATA', 'METADATA_ONLY'] };
const STATE_MACHINE_TYPE: Constraint = { values: ['STANDARD', 'EXPRESS'] };
/** ExecutionStatus, as ListExecutions' `statusFilter` takes it. */
const EXECUTION_STATUS: Constraint = {
  values: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'],
};
/** TagKey 1–128, TagValue 0–256 characters; letters, digits, white space and `_ . : / = + - @` (tagging.html). */
const TAG_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const TAG_KEY: Constraint = { min: 1, max: 128 };
const TAGS: Constraint = {
  items: { members: { key: required({ ...TAG_KEY, pattern: TAG_TEXT }), value: { max: 256, pattern: TAG_TEXT } } },
};
/** LoggingConfiguration: `level` one of the LogLevel values, each destination's log group an Arn. */
const LOGGING: Constraint = {
  members: {
    level: { values: ['ALL', 'ERROR', 'FATAL', 'OFF'] },
    destinations: { items: { members: { cloudWatchLogsLogGroup: { members: { logGroupArn: ARN } } } } },
  },
};
/** EncryptionConfiguration (not emulated offline: checked, then ignored). */
const ENCRYPTION: Constraint = {
  members: {
    kmsKeyId: { min: 1, max: 2048 },
    kmsDataKeyReusePeriodSeconds: { integer: true, min: 60, max: 900 },
    type: required({ values: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] }),
  },
};
/** RoutingConfigurationList's items: a version's Arn and a VersionWeight of 0–100 (its length: operations/aliases.ts). */
const ROUTING: Constraint = {
  required: true,
  items: {
    members: {
      stateMachineVersionArn: required(ARN),
      weight: required({ integer: true, min: 0, max: 100 }),
    },
  },
};
/** CharacterRestrictedName: 1–80 characters, letters, digits, `_ - .`, not only digits. */
const ALIAS_NAME: Constraint = { min: 1, max: 80, pattern: '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$' };

const START: Members = {
  stateMachineArn: required(ARN),
  name: NAME,
  input: SENSITIVE_DATA,
  traceHeader: TRACE_HEADER,
};

/** Each operation's request members (API_<Operation>.html, "Request Parameters"). */
export const REQUEST_MEMBERS: Readonly<Record<string, Members>> = {
  CreateStateMachine: {
    name: required(NAME),
    definition: required(DEFINITION),
    roleArn: required(ARN),
    type: STATE_MACHINE_TYPE,
    loggingConfiguration: LOGGING,
    tags: TAGS,
    versionDescription: DESCRIPTION,
    encryptionConfiguration: ENCRYPTION,
  },
  UpdateStateMachine: {
    stateMachineArn: required(ARN),
    definition: DEFINITION,
    roleArn: ARN,
    loggingConfiguration: LOGGING,
    versionDescription: DESCRIPTION,
    encryptionConfiguration: ENCRYPTION,
  },
  DescribeStateMachine: { stateMachineArn: required(ARN), includedData: INCLUDED_DATA },
  DescribeStateMachineForExecution: { executionArn: required(ARN), includedData: INCLUDED_DATA },
  ListStateMachines: { maxResults: PAGE_SIZE, nextToken: PAGE_TOKEN },
  DeleteStateMachine: { stateMachineArn: required(ARN) },
  StartExecution: START,
  StartSyncExecution: { ...START, includedData: INCLUDED_DATA },
  DescribeExecution: { executionArn: required(ARN), includedData: INCLUDED_DATA },
  DescribeMapRun: { mapRunArn: required(LONG_ARN) },
  ListMapRuns: { executionArn: required(ARN), maxResults: PAGE_SIZE, nextToken: PAGE_TOKEN },
  RedriveExecution: { executionArn: required(ARN), clientToken: { min: 1, max: 64, pattern: '[!-~]+' } },
  ListExecutions: {
    stateMachineArn: ARN,
    statusFilter: EXECUTION_STATUS,
    maxResults: PAGE_SIZE,
    nextToken: { min: 1, max: 3096 },
    mapRunArn: LONG_ARN,
    redriveFilter: { values: ['REDRIVEN', 'NOT_REDRIVEN'] },
  },
  StopExecution: { executionArn: required(ARN), error: SENSITIVE_ERROR, cause: SENSITIVE_CAUSE },
  GetExecutionHistory: { executionArn: required(ARN), maxResults: PAGE_SIZE, nextToken: PAGE_TOKEN },
  SendTaskSuccess: { taskToken: required(TASK_TOKEN), output: required(SENSITIVE_DATA) },
  SendTaskFailure: { taskToken: required(TASK_TOKEN), error: SENSITIVE_ERROR, cause: SENSITIVE_CAUSE },
  SendTaskHeartbeat: { taskToken: required(TASK_TOKEN) },
  ValidateStateMachineDefinition: {
    definition: required(DEFINITION),
    type: STATE_MACHINE_TYPE,
    severity: { values: ['ERROR', 'WARNING'] },
    maxResults: { integer: true, min: 0, max: 100 },
  },
  PublishStateMachineVersion: { stateMachineArn: required(ARN), description: DESCRIPTION },
  ListStateMachineVersions: { stateMachineArn: required(ARN), nextToken: PAGE_TOKEN, maxResults: PAGE_SIZE },
  DeleteStateMachineVersion: { stateMachineVersionArn: required(LONG_ARN) },
  CreateStateMachineAlias: { description: DESCRIPTION, name: required(ALIAS_NAME), routingConfiguration: ROUTING },
  DescribeStateMachineAlias: { stateMachineAliasArn: required(ARN) },
  UpdateStateMachineAlias: {
    stateMachineAliasArn: required(ARN),
    description: DESCRIPTION,
    routingConfiguration: { ...ROUTING, required: false },
  },
  DeleteStateMachineAlias: { stateMachineAliasArn: required(ARN) },
  ListStateMachineAliases: { stateMachineArn: required(ARN), nextToken: PAGE_TOKEN, maxResults: PAGE_SIZE },
  TagResource: { resourceArn: required(ARN), tags: required(TAGS) },
  UntagResource: { resourceArn: required(ARN), tagKeys: required({ items: TAG_KEY }) },
  ListTagsForResource: { resourceArn: required(ARN) },
};

/** @throws StepFunctionsError ValidationException naming every member of the request out of its constraints. */
export function checkRequest(operation: string, body: Record<string, unknown>): void {
  const members = REQUEST_MEMBERS[operation];
  if (members) checkMembers(body, members);
}
