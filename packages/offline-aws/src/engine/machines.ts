/**
 * The state machines of the offline Step Functions: the project's (from serverless.yml, at start,
 * and again when the project watcher reloads its definition) and any created through the API
 * (CreateStateMachine). Each holds its definition, classified as the runner needs it.
 */
import { randomUUID } from 'node:crypto';
import aslValidator from 'asl-validator';
import { forSchemaValidation } from './asl-schema-gaps';
import type { ServerlessConfig } from '../serverless/config';
import { OFFLINE_VERSION } from '../serverless/cloudformation';
import {
  collectStates,
  LOGGING_OFF,
  TRACING_OFF,
  type JsonObject,
  type LoggingConfiguration,
  type WorkflowDefinition,
} from './definition';
import { StepFunctionsError } from './errors';
import { aslRuleIssues, languageRuleMessages } from './asl-rules';
import { offlineIssues } from './offline-limits';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  roleArn: string;
  /** The definition as it was given (CreateStateMachine) or serialized (the project's). */
  definitionText: string;
  creationDate: Date;
  /** ACTIVE, or DELETING until its last execution ends (DeleteStateMachine). */
  status: 'ACTIVE' | 'DELETING';
  workflow: WorkflowDefinition;
  /** Published version numbers (the project's machine: its one version, OFFLINE_VERSION). */
  versions: string[];
  /**
   * The revision of the definition (API_DescribeStateMachine.html `revisionId`): absent for the
   * first, a new id after each update (the project's machine: each definition the watcher reloads).
   */
  revisionId?: string;
  /** When the definition was last updated; the creation date until then. */
  updateDate: Date;
}

/** A machine named by a StartExecution ARN, and the version and alias that ARN qualifies it with. */
export interface QualifiedMachine {
  record: StateMachineRecord;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
}

/**
 * Names of state machines and executions, as AWS accepts them (API_StartExecution.html, `name`):
 * 1–80 characters, no whitespace, none of `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, no
 * control characters (U+0000–001F, U+007F–009F). Dots, `@` and non-ASCII letters are fine.
 */
export function isValidName(name: string): boolean {
  const length = [...name].length;
  // eslint-disable-next-line no-control-regex
  return length >= 1 && length <= 80 && !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u.test(name);
}

const MACHINE_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
/** A state machine ARN qualified with a version number or an alias name. */
const QUALIFIED_ARN = /^(arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+):([A-Za-z0-9_-]+)$/;

/**
 * Definitions (as JSON text) the validator accepted, most recent last: the validation is a pure
 * function of the definition and costs tens of milliseconds of CPU per machine, paid again by every
 * stack a process starts with the project's definition (a test run starts dozens). Bounded: a long
 * `npm start` may create many machines through the API.
 */
const validDefinitions = new Set<string>();
const VALID_DEFINITIONS_KEPT = 64;

/**
 * Checks a definition against the Amazon States Language schema, JSONata and variables included
 * (asl-validator 4; the fields AWS refuses beyond it are asl-rules.ts').
 * @throws StepFunctionsError InvalidDefinition naming what is wrong.
 */
function validateDefinition(definition: JsonObject): void {
  const text = JSON.stringify(definition);
  if (validDefinitions.has(text)) return;
  // It writes QueryLanguage into every state it is given: validate a copy (forSchemaValidation's).
  const { isValid, errorsText } = aslValidator(forSchemaValidation(definition), { checkPaths: true, checkArn: false });
  if (!isValid) {
    throw new StepFunctionsError(
      'InvalidDefinition',
      `Invalid State Machine Definition: '${errorsText('; ').replace(/\s+/g, ' ').trim()}'`,
    );
  }
  validDefinitions.add(text);
  if (validDefinitions.size > VALID_DEFINITIONS_KEPT)
    validDefinitions.delete(validDefinitions.values().next().value ?? '');
}

export interface CreateStateMachineRequest {
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  /** Default: OFF (LOGGING_OFF). */
  loggingConfiguration?: LoggingConfiguration;
  /** Default: disabled. */
  tracingConfiguration?: { enabled: boolean };
}

export class StateMachineRegistry {
  private readonly machines = new Map<string, StateMachineRecord>();

  constructor(
    private readonly config: ServerlessConfig,
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** Registers one of the project's state machines (already loaded and classified from serverless.yml). */
  addProjectMachine(workflow: WorkflowDefinition): StateMachineRecord {
    const creationDate = new Date();
    const record: StateMachineRecord = {
      stateMachineArn: workflow.stateMachineArn,
      name: workflow.stateMachineName,
      type: workflow.type ?? 'STANDARD',
      roleArn: `arn:aws:iam::${this.accountId}:role/${workflow.stateMachineName}-role`,
      definitionText: JSON.stringify(workflow.definition),
      creationDate,
      status: 'ACTIVE',
      workflow,
      versions: [OFFLINE_VERSION],
      updateDate: creationDate,
    };
    this.machines.set(record.stateMachineArn, record);
    return record;
  }

  /**
   * A new definition for the project's machine, as UpdateStateMachine gives one
   * (API_UpdateStateMachine.html): executions started from now on run it, running ones keep the
   * definition they started with (the runner holds their record as it was). A new revisionId.
   * @throws StepFunctionsError InvalidDefinition when the library's validator rejects it (the
   *   machine keeps its definition); StateMachineDoesNotExist for another machine's name.
   */
  updateProjectMachine(workflow: WorkflowDefinition): StateMachineRecord {
    const current = this.get(workflow.stateMachineArn);
    const updated: StateMachineRecord = {
      ...current,
      definitionText: JSON.stringify(workflow.definition),
      workflow,
      revisionId: randomUUID(),
      updateDate: new Date(),
    };
    this.machines.set(updated.stateMachineArn, updated);
    return updated;
  }

  /**
   * CreateStateMachine (API_CreateStateMachine.html). Idempotent on name + definition + type, as
   * AWS is (a different roleArn is ignored); otherwise StateMachineAlreadyExists.
   * @throws StepFunctionsError InvalidName, InvalidDefinition (not JSON, rejected by the validator,
   *   or a Task resource the offline runtime cannot run), StateMachineAlreadyExists.
   */
  create(request: CreateStateMachineRequest): StateMachineRecord {
    if (!isValidName(request.name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${request.name}'`);
    const stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${request.name}`;
    const existing = this.machines.get(stateMachineArn);
    if (existing) {
      if (existing.definitionText === request.definition && existing.type === request.type) return existing;
      throw new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${stateMachineArn}'`);
    }
    let definition: unknown;
    try {
      definition = JSON.parse(request.definition);
    } catch (error) {
      throw new StepFunctionsError(
        'InvalidDefinition',
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`,
      );
    }
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
      throw new StepFunctionsError(
        'InvalidDefinition',
        "Invalid State Machine Definition: 'the definition is not a JSON object'",
      );
    }
    // What AWS refuses, and what the engine cannot run yet, is refused by name, never run differently.
    const languageIssue = languageRuleMessages(definition as JsonObject)[0];
    if (languageIssue)
      throw new StepFunctionsError('InvalidDefinition', `Invalid State Machine Definition: '${languageIssue}'`);
    const unsupported = [...aslRuleIssues(definition as JsonObject), ...offlineIssues(definition as JsonObject)][0];
    if (unsupported) {
      const where = [unsupported.path, unsupported.field].filter(Boolean).join('.') || '(top level)';
      throw new StepFunctionsError(
        'InvalidDefinition',
        `Invalid State Machine Definition: '${where}: ${unsupported.message}'`,
      );
    }
    validateDefinition(definition as JsonObject);
    let states: WorkflowDefinition['states'];
    try {
      states = collectStates(this.config, ((definition as JsonObject).States ?? {}) as JsonObject);
    } catch (error) {
      throw new StepFunctionsError(
        'InvalidDefinition',
        `Invalid State Machine Definition: 'the offline runtime cannot run it: ${(error as Error).message}'`,
      );
    }
    const creationDate = new Date();
    const record: StateMachineRecord = {
      stateMachineArn,
      name: request.name,
      type: request.type,
      roleArn: request.roleArn,
      definitionText: request.definition,
      creationDate,
      updateDate: creationDate,
      status: 'ACTIVE',
      workflow: {
        name: request.name,
        stateMachineName: request.name,
        stateMachineArn,
        definition: definition as JsonObject,
        states,
        aliases: [],
        logging: request.loggingConfiguration ?? LOGGING_OFF,
        tracing: request.tracingConfiguration ?? TRACING_OFF,
      },
      versions: [],
    };
    this.machines.set(stateMachineArn, record);
    return record;
  }

  /** @throws StepFunctionsError InvalidArn (not a state machine ARN), StateMachineDoesNotExist. */
  get(stateMachineArn: string): StateMachineRecord {
    if (!MACHINE_ARN.test(stateMachineArn)) {
      throw new StepFunctionsError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${stateMachineArn}'`,
      );
    }
    const record = this.machines.get(stateMachineArn);
    if (!record) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    return record;
  }

  /**
   * The machine an unqualified, version or alias ARN names
   * (https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html):
   * a version ARN associates the execution with that version, an alias ARN with the alias and the
   * version it routes to. Offline the project's machine has one version, and its aliases are those
   * the template declares, all routing to it.
   * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist (also for an unknown version or alias).
   */
  resolve(stateMachineArn: string): QualifiedMachine {
    const qualified = QUALIFIED_ARN.exec(stateMachineArn);
    if (!qualified) return { record: this.get(stateMachineArn) };
    const [, base = '', qualifier = ''] = qualified;
    const record = this.get(base);
    const latest = record.versions.at(-1);
    if (/^\d+$/.test(qualifier) ? !record.versions.includes(qualifier) : !record.workflow.aliases.includes(qualifier)) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    if (/^\d+$/.test(qualifier)) return { record, stateMachineVersionArn: stateMachineArn };
    return { record, stateMachineAliasArn: stateMachineArn, stateMachineVersionArn: `${base}:${latest ?? ''}` };
  }

  list(): StateMachineRecord[] {
    return [...this.machines.values()];
  }

  /**
   * DeleteStateMachine (API_DeleteStateMachine.html): DELETING while executions run, gone once
   * none does. Deleting a machine that does not exist succeeds, as in AWS.
   * @param running whether the machine still has running executions.
   */
  delete(stateMachineArn: string, running: boolean): void {
    if (!MACHINE_ARN.test(stateMachineArn)) {
      throw new StepFunctionsError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${stateMachineArn}'`,
      );
    }
    const record = this.machines.get(stateMachineArn);
    if (!record) return;
    if (running) record.status = 'DELETING';
    else this.machines.delete(stateMachineArn);
  }

  /** Removes a DELETING machine once its last execution has ended. */
  executionEnded(stateMachineArn: string, running: boolean): void {
    const record = this.machines.get(stateMachineArn);
    if (record?.status === 'DELETING' && !running) this.machines.delete(stateMachineArn);
  }
}
