/**
 * The state machine definition as the runner needs it: the ASL from serverless.yml with
 * CloudFormation references resolved, and every Task state classified by what it calls.
 */
import { resolveIntrinsics, deployedFunctionName } from '../cloudformation';
import type { Json, ServerlessConfig } from '../serverless-config';

export type JsonObject = { [key: string]: Json };

export type TaskTarget =
  | { kind: 'lambda'; functionName: string; payloadOnly: boolean; waitForTaskToken: boolean }
  | { kind: 'sns:publish' }
  | { kind: 'sqs:sendMessage' };

export interface StateInfo {
  name: string;
  type: string;
  target?: TaskTarget;
  /** Marked in the ASL with a Comment starting "Compensation". */
  compensation: boolean;
}

export interface WorkflowDefinition {
  name: string;
  stateMachineName: string;
  stateMachineArn: string;
  definition: JsonObject;
  states: Map<string, StateInfo>;
}

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

function lambdaFunctionFromArn(config: ServerlessConfig, arn: string): string | undefined {
  const deployedName = arn.split(':')[6] ?? arn;
  return Object.keys(config.functions).find(
    (fn) => deployedFunctionName(config, fn) === deployedName || fn === deployedName,
  );
}

function classifyTask(config: ServerlessConfig, stateName: string, state: JsonObject): TaskTarget {
  const resource = String(state.Resource ?? '');
  const unsupported = () =>
    new Error(
      `Task state "${stateName}" calls "${resource}", which the offline runner cannot emulate. ` +
        'Map it to a function in serverless.yml or add an integration to local/workflow/runner.ts.',
    );
  if (resource.startsWith('arn:aws:lambda:')) {
    const functionName = lambdaFunctionFromArn(config, resource);
    if (!functionName) throw unsupported();
    return { kind: 'lambda', functionName, payloadOnly: false, waitForTaskToken: false };
  }
  if (resource === 'arn:aws:states:::lambda:invoke' || resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    const functionArn = asObject(state.Parameters).FunctionName;
    const functionName = typeof functionArn === 'string' ? lambdaFunctionFromArn(config, functionArn) : undefined;
    if (!functionName) throw unsupported();
    return {
      kind: 'lambda',
      functionName,
      payloadOnly: true,
      waitForTaskToken: resource.endsWith('.waitForTaskToken'),
    };
  }
  if (resource === 'arn:aws:states:::sns:publish') return { kind: 'sns:publish' };
  if (resource === 'arn:aws:states:::sqs:sendMessage') return { kind: 'sqs:sendMessage' };
  throw unsupported();
}

function collectStates(config: ServerlessConfig, states: JsonObject, into: Map<string, StateInfo>): void {
  for (const [name, raw] of Object.entries(states)) {
    const state = asObject(raw);
    const type = String(state.Type);
    if (into.has(name)) throw new Error(`State name "${name}" is used twice; the runner keys states by name`);
    into.set(name, {
      name,
      type,
      target: type === 'Task' ? classifyTask(config, name, state) : undefined,
      compensation: typeof state.Comment === 'string' && state.Comment.startsWith('Compensation'),
    });
    const branches = state.Branches;
    if (Array.isArray(branches))
      for (const branch of branches) collectStates(config, asObject(asObject(branch).States), into);
    const iterator = asObject(state.ItemProcessor ?? state.Iterator);
    if (iterator.States) collectStates(config, asObject(iterator.States), into);
  }
}

/** Loads the named state machine (default: the only one) from the resolved serverless.yml. */
export function loadWorkflowDefinition(config: ServerlessConfig, name?: string): WorkflowDefinition {
  const machines = asObject(config.stepFunctions.stateMachines);
  const key = name ?? Object.keys(machines)[0];
  const machine = key ? asObject(machines[key]) : undefined;
  if (!key || !machine?.definition) throw new Error(`No state machine ${name ?? ''} in serverless.yml stepFunctions`);
  const definition = asObject(resolveIntrinsics(config, machine.definition));
  const stateMachineName = typeof machine.name === 'string' ? machine.name : key;
  const states = new Map<string, StateInfo>();
  collectStates(config, asObject(definition.States), states);
  return {
    name: key,
    stateMachineName,
    stateMachineArn: `arn:aws:states:${config.region}:${config.accountId}:stateMachine:${stateMachineName}`,
    definition,
    states,
  };
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
    if (target?.kind === 'lambda') chain.push(target.functionName);
    const next = asObject(states[name]).Next;
    name = typeof next === 'string' ? next : undefined;
  }
  return chain;
}
