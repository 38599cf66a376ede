/**
 * The state machine definition as the runner needs it: the ASL from serverless.yml with
 * CloudFormation references resolved, and every Task state classified by what it calls.
 */
import { resolveIntrinsics, deployedFunctionName, stateMachineAliases } from '../serverless/cloudformation';
import type { Json, ServerlessConfig } from '../serverless/config';

export type JsonObject = { [key: string]: Json };

/** The DynamoDB actions of the optimized integration the runner emulates. */
export const DYNAMODB_ACTIONS = ['getItem', 'putItem', 'updateItem', 'deleteItem'] as const;
export type DynamoDbAction = (typeof DYNAMODB_ACTIONS)[number];

/** What a Task state calls; `kind` is also the fault-injection site kind and the trace's `integration`. */
export type TaskTarget =
  /** `functionName` is '' when a lambda:invoke's Parameters compute FunctionName (resolved when the task runs). */
  | { kind: 'lambda'; functionName: string; payloadOnly: boolean; waitForTaskToken: boolean }
  | { kind: 'sns:publish'; waitForTaskToken: boolean }
  | { kind: 'sqs:sendMessage'; waitForTaskToken: boolean }
  | { kind: `dynamodb:${DynamoDbAction}`; action: DynamoDbAction }
  | { kind: 'states:startExecution'; mode: 'async' | 'sync' | 'sync:2' };

export interface StateInfo {
  name: string;
  type: string;
  target?: TaskTarget;
  /** The Task's `Resource`, as written (after CloudFormation references are resolved). */
  resource?: string;
  /** The Task's TimeoutSeconds and HeartbeatSeconds, when the definition gives them. */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The states this one can go on to (Next, Default, Choices[].Next, Catch[].Next). */
  next: string[];
  /** The Parallel (or Map) state whose branch holds this state, if any. */
  parent?: string;
  /** Marked in the ASL with a Comment starting "Compensation". */
  compensation: boolean;
  /** A Map state's own definition (InputPath, ItemsPath, Items: how many items it iterates over). */
  map?: JsonObject;
}

export interface WorkflowDefinition {
  name: string;
  stateMachineName: string;
  stateMachineArn: string;
  definition: JsonObject;
  states: Map<string, StateInfo>;
  /** The names of the aliases the template declares for it (AWS::StepFunctions::StateMachineAlias). */
  aliases: string[];
  /** As DescribeStateMachine reports it (serverless-step-functions `loggingConfig`). */
  logging: LoggingConfiguration;
  /** As DescribeStateMachine reports it (serverless-step-functions `tracingConfig`). */
  tracing: { enabled: boolean };
  /** serverless-step-functions `type`: STANDARD (the default) or EXPRESS. */
  type?: 'STANDARD' | 'EXPRESS';
}

/**
 * A state machine's logging, in the shape of the Step Functions API (API_LoggingConfiguration.html):
 * `level` ALL, ERROR, FATAL or OFF (the default), `includeExecutionData`, and the log groups.
 */
export interface LoggingConfiguration {
  level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
}

/** What a machine created without logging or tracing reports (API_CreateStateMachine.html). */
export const LOGGING_OFF: LoggingConfiguration = { level: 'OFF', includeExecutionData: false };
export const TRACING_OFF = { enabled: false };

const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;

/**
 * serverless-step-functions' `loggingConfig` (`level`, `includeExecutionData`, `destinations`: log
 * group ARNs) as the API reports it. @throws Error naming the machine for a level AWS does not know.
 */
function loggingOf(config: ServerlessConfig, machine: string, value: Json | undefined): LoggingConfiguration {
  const logging = asObject(value);
  if (value === undefined || value === null) return LOGGING_OFF;
  const level = logging.level ?? 'OFF';
  if (!LOG_LEVELS.includes(level as LoggingConfiguration['level'])) {
    throw new Error(
      `serverless.yml: stepFunctions.stateMachines.${machine}.loggingConfig.level must be one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  const destinations = resolveIntrinsics(config, logging.destinations ?? []);
  return {
    level: level as LoggingConfiguration['level'],
    includeExecutionData: logging.includeExecutionData === true,
    ...(Array.isArray(destinations) && destinations.length > 0
      ? { destinations: destinations.map((arn) => ({ cloudWatchLogsLogGroup: { logGroupArn: String(arn) } })) }
      : {}),
  };
}

/** A JSON value as an object (`{}` when it is not one): for reading definitions, which may be malformed. */
export const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
/** A JSON value as an array (`[]` when it is not one). */
export const asArray = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/**
 * The function a Task names, in any form Lambda accepts for FunctionName
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): name, name:qualifier, the
 * function ARN with or without a version or alias qualifier, or the partial ARN
 * `account:function:name[:qualifier]`. Offline every qualifier runs the current code.
 */
export function lambdaFunctionFromArn(config: ServerlessConfig, arn: string): string | undefined {
  const parts = arn.split(':');
  const at = parts.indexOf('function');
  const deployedName = (at >= 0 ? parts[at + 1] : parts[0]) ?? arn;
  return Object.keys(config.functions).find(
    (fn) => deployedFunctionName(config, fn) === deployedName || fn === deployedName,
  );
}

const SERVICE = 'arn:aws:states:::';

/**
 * What a Task state calls.
 * @throws Error naming the state and its Resource when the offline runtime cannot run it.
 */
function classifyTask(config: ServerlessConfig, stateName: string, state: JsonObject): TaskTarget {
  const resource = String(state.Resource ?? '');
  const unsupported = (why = 'which the offline runner cannot emulate') =>
    new Error(
      `Task state "${stateName}" calls "${resource}", ${why}. ` +
        'Map it to a function in serverless.yml or add an integration to src/engine/tasks.ts.',
    );
  if (resource.startsWith('arn:aws:lambda:')) {
    const functionName = lambdaFunctionFromArn(config, resource);
    if (!functionName) throw unsupported('a function serverless.yml does not declare');
    return { kind: 'lambda', functionName, payloadOnly: false, waitForTaskToken: false };
  }
  if (!resource.startsWith(SERVICE)) throw unsupported();
  const [service = '', call = ''] = resource.slice(SERVICE.length).split(':', 2);
  const rest = resource.slice(SERVICE.length + service.length + 1);
  const [action = '', pattern = ''] = rest.split(/\.(.*)/s);
  const callback = pattern === 'waitForTaskToken';
  if (pattern !== '' && !callback && !(service === 'states' && (pattern === 'sync' || pattern === 'sync:2'))) {
    throw unsupported(`an integration pattern ("${pattern}") the offline runner does not emulate`);
  }
  if (service === 'lambda' && action === 'invoke') {
    // JSONPath names it in Parameters, JSONata in Arguments. A FunctionName computed from the input
    // (`FunctionName.$`, a JSONata expression) is looked up when the task runs: a function Lambda
    // does not have fails it then, as in AWS.
    const functionArn = asObject(state.Arguments ?? state.Parameters).FunctionName;
    if (typeof functionArn !== 'string' || /^\{%[\s\S]*%\}$/.test(functionArn.trim())) {
      return { kind: 'lambda', functionName: '', payloadOnly: true, waitForTaskToken: callback };
    }
    const functionName = lambdaFunctionFromArn(config, functionArn);
    if (!functionName) throw unsupported('with a FunctionName serverless.yml does not declare');
    return { kind: 'lambda', functionName, payloadOnly: true, waitForTaskToken: callback };
  }
  if (service === 'sns' && action === 'publish') return { kind: 'sns:publish', waitForTaskToken: callback };
  if (service === 'sqs' && action === 'sendMessage') return { kind: 'sqs:sendMessage', waitForTaskToken: callback };
  const dynamoDb = DYNAMODB_ACTIONS.find((a) => a === action);
  if (service === 'dynamodb' && dynamoDb && !callback) return { kind: `dynamodb:${dynamoDb}`, action: dynamoDb };
  if (service === 'states' && action === 'startExecution' && !callback) {
    return { kind: 'states:startExecution', mode: pattern === '' ? 'async' : (pattern as 'sync' | 'sync:2') };
  }
  throw unsupported(call ? undefined : 'which is not a Step Functions resource');
}

const nextStates = (state: JsonObject): string[] => {
  const targets = [state.Next, state.Default];
  for (const rule of Array.isArray(state.Choices) ? state.Choices : []) targets.push(asObject(rule).Next);
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) targets.push(asObject(catcher).Next);
  return targets.filter((t): t is string => typeof t === 'string');
};

const positive = (value: Json | undefined): number | undefined =>
  typeof value === 'number' && value > 0 ? value : undefined;

/**
 * Every state of a definition (branches included), classified.
 * @throws Error on a Task the offline runtime cannot run, or a state name used twice.
 */
export function collectStates(
  config: ServerlessConfig,
  states: JsonObject,
  into = new Map<string, StateInfo>(),
  parent?: string,
): Map<string, StateInfo> {
  for (const [name, raw] of Object.entries(states)) {
    const state = asObject(raw);
    const type = String(state.Type);
    if (into.has(name)) throw new Error(`State name "${name}" is used twice; the runner keys states by name`);
    const task = type === 'Task';
    into.set(name, {
      name,
      type,
      target: task ? classifyTask(config, name, state) : undefined,
      ...(task ? { resource: String(state.Resource) } : {}),
      ...(positive(state.TimeoutSeconds) === undefined ? {} : { timeoutSeconds: positive(state.TimeoutSeconds) }),
      ...(positive(state.HeartbeatSeconds) === undefined ? {} : { heartbeatSeconds: positive(state.HeartbeatSeconds) }),
      next: nextStates(state),
      ...(parent === undefined ? {} : { parent }),
      compensation: typeof state.Comment === 'string' && state.Comment.startsWith('Compensation'),
      ...(type === 'Map' ? { map: state } : {}),
    });
    const branches = state.Branches;
    if (Array.isArray(branches))
      for (const branch of branches) collectStates(config, asObject(asObject(branch).States), into, name);
    const iterator = asObject(state.ItemProcessor ?? state.Iterator);
    if (iterator.States) collectStates(config, asObject(iterator.States), into, name);
  }
  return into;
}

/** Loads the named state machine (default: the only one) from the resolved serverless.yml. */
export function loadWorkflowDefinition(config: ServerlessConfig, name?: string): WorkflowDefinition {
  const machines = asObject(config.stepFunctions.stateMachines);
  const key = name ?? Object.keys(machines)[0];
  const machine = key ? asObject(machines[key]) : undefined;
  if (!key || !machine?.definition) throw new Error(`No state machine ${name ?? ''} in serverless.yml stepFunctions`);
  const definition = asObject(resolveIntrinsics(config, machine.definition));
  const stateMachineName = typeof machine.name === 'string' ? machine.name : key;
  const states = collectStates(config, asObject(definition.States));
  const stateMachineArn = `arn:aws:states:${config.region}:${config.accountId}:stateMachine:${stateMachineName}`;
  return {
    name: key,
    stateMachineName,
    stateMachineArn,
    definition,
    states,
    aliases: stateMachineAliases(config, stateMachineArn),
    logging: loggingOf(config, key, machine.loggingConfig),
    tracing: { enabled: asObject(machine.tracingConfig).enabled === true },
    type: machineType(key, machine.type),
  };
}

/** serverless-step-functions' `type` of a state machine: STANDARD unless it says EXPRESS. */
function machineType(key: string, type: Json | undefined): 'STANDARD' | 'EXPRESS' {
  if (type === undefined || type === 'STANDARD') return 'STANDARD';
  if (type === 'EXPRESS') return 'EXPRESS';
  throw new Error(`serverless.yml: stepFunctions.stateMachines.${key}.type must be STANDARD or EXPRESS`);
}

/**
 * Every state machine of serverless.yml, in the order it declares them: the first is the project's
 * (the one the runner starts orders with), the others are the ones it starts as children
 * (`states:startExecution.sync:2`), e.g. the saga's Express children.
 */
export function loadProjectWorkflows(config: ServerlessConfig): WorkflowDefinition[] {
  return Object.keys(asObject(config.stepFunctions.stateMachines)).map((key) => loadWorkflowDefinition(config, key));
}

/**
 * The functions of the compensation chain, in the order it runs them: from the first state marked
 * `Compensation` that no other compensation step leads to, following `Next` while the states are
 * compensation steps. The redrive replays exactly this chain.
 */
export function compensationChain(workflow: WorkflowDefinition): string[] {
  const states = asObject(workflow.definition.States);
  const isUndo = (name: string) => workflow.states.get(name)?.compensation === true;
  const undo = [...workflow.states.values()].filter((s) => s.compensation).map((s) => s.name);
  const reached = new Set(undo.map((name) => String(asObject(states[name]).Next ?? '')));
  const first = undo.find((name) => !reached.has(name));
  const chain: string[] = [];
  for (let name = first; name !== undefined && isUndo(name) && !chain.includes(name);) {
    const target = workflow.states.get(name)?.target;
    if (target?.kind === 'lambda' && target.functionName) chain.push(target.functionName);
    const next = asObject(states[name]).Next;
    name = typeof next === 'string' ? next : undefined;
  }
  return chain;
}
