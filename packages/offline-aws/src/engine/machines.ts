/**
 * The state machines of the offline Step Functions: the project's (from serverless.yml, at start,
 * and again when the project watcher reloads its definition) and any created through the API
 * (CreateStateMachine). Each holds its definition, classified as the runner needs it.
 */
import { randomUUID } from 'node:crypto';
import type { ServerlessConfig } from '../serverless/config';
import { LOGGING_OFF, TRACING_OFF, type WorkflowDefinition } from './definition';
import { StepFunctionsError } from './errors';
import { checkedDefinition, definitionProblems, type DefinitionProblem } from './machine-definition';
import { MachineVersions } from './machine-versions';
import type {
  CreateStateMachineRequest,
  QualifiedMachine,
  StateMachineChange,
  StateMachineRecord,
  StateMachineType,
} from './machine-types';

export type {
  CreateStateMachineRequest,
  QualifiedMachine,
  StateMachineChange,
  StateMachineRecord,
  StateMachineType,
} from './machine-types';

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
const QUALIFIED_ARN = /^(arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+):([A-Za-z0-9_.-]+)$/;

const doesNotExist = (arn: string) =>
  new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export class StateMachineRegistry {
  private readonly machines = new Map<string, StateMachineRecord>();

  constructor(
    private readonly config: ServerlessConfig,
    readonly region: string,
    readonly accountId: string,
  ) {}

  /**
   * Registers one of the project's state machines (already loaded and classified from
   * serverless.yml), with its version 1 and the aliases its template declares, each routing to it.
   */
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
      versions: new MachineVersions(workflow.stateMachineArn),
      tags: new Map(),
      updateDate: creationDate,
    };
    const { stateMachineVersionArn } = record.versions.publish(record);
    for (const alias of workflow.aliases) record.versions.createAlias(alias, [{ stateMachineVersionArn, weight: 100 }]);
    this.machines.set(record.stateMachineArn, record);
    return record;
  }

  /**
   * A new definition for the project's machine (its watcher's reload), as UpdateStateMachine
   * gives one (API_UpdateStateMachine.html): executions started from now on run it, running ones
   * keep the definition they started with (the runner holds their record as it was). A new
   * revisionId. Its version 1, which the template's aliases route to, follows (docs/fidelity.md).
   * @throws StepFunctionsError StateMachineDoesNotExist for another machine's name.
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
    updated.versions.replace(1, updated);
    return updated;
  }

  /**
   * CreateStateMachine (API_CreateStateMachine.html). Idempotent on name + definition + type, as
   * AWS is (a different roleArn is ignored); otherwise StateMachineAlreadyExists. (Its `publish`
   * is the caller's: `record.versions.publish`.)
   * @throws StepFunctionsError InvalidName, InvalidDefinition (machine-definition.ts: not JSON,
   *   refused by the rules or the validator, or a Task the offline runtime cannot run),
   *   StateMachineAlreadyExists.
   */
  create(request: CreateStateMachineRequest): StateMachineRecord {
    if (!isValidName(request.name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${request.name}'`);
    const stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${request.name}`;
    const existing = this.machines.get(stateMachineArn);
    if (existing) {
      if (existing.definitionText === request.definition && existing.type === request.type) return existing;
      throw new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${stateMachineArn}'`);
    }
    const { definition, states } = checkedDefinition(request.definition, this.config, request.type);
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
        definition,
        states,
        aliases: [],
        logging: request.loggingConfiguration ?? LOGGING_OFF,
        tracing: request.tracingConfiguration ?? TRACING_OFF,
      },
      versions: new MachineVersions(stateMachineArn),
      tags: new Map(request.tags ?? []),
    };
    this.machines.set(stateMachineArn, record);
    return record;
  }

  /**
   * UpdateStateMachine (API_UpdateStateMachine.html): a new revision (new `revisionId`,
   * `updateDate`); executions started from now on run it, running ones keep theirs.
   * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist, StateMachineDeleting,
   *   InvalidDefinition (the machine is left as it was).
   */
  update(stateMachineArn: string, change: StateMachineChange): StateMachineRecord {
    const current = this.get(stateMachineArn);
    if (current.status === 'DELETING') {
      throw new StepFunctionsError('StateMachineDeleting', `State Machine is being deleted: '${stateMachineArn}'`);
    }
    const same = <T>(given: T | undefined, now: T) =>
      given === undefined || JSON.stringify(given) === JSON.stringify(now);
    // An update that changes nothing makes no new revision (recorded on AWS: no revisionId, the same version).
    if (
      same(change.definition, current.definitionText) &&
      same(change.roleArn, current.roleArn) &&
      same(change.loggingConfiguration, current.workflow.logging) &&
      same(change.tracingConfiguration, current.workflow.tracing)
    )
      return current;
    const checked =
      change.definition === undefined ? undefined : checkedDefinition(change.definition, this.config, current.type);
    const updated: StateMachineRecord = {
      ...current,
      definitionText: change.definition ?? current.definitionText,
      roleArn: change.roleArn ?? current.roleArn,
      workflow: {
        ...current.workflow,
        ...(checked ?? {}),
        logging: change.loggingConfiguration ?? current.workflow.logging,
        tracing: change.tracingConfiguration ?? current.workflow.tracing,
      },
      revisionId: randomUUID(),
      updateDate: new Date(),
    };
    this.machines.set(stateMachineArn, updated);
    return updated;
  }

  /** What ValidateStateMachineDefinition reports of a definition (machine-definition.ts). */
  problems(definition: string, type: StateMachineType): DefinitionProblem[] {
    return definitionProblems(definition, this.config, type);
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
    if (!record) throw doesNotExist(stateMachineArn);
    return record;
  }

  /**
   * A version ARN's machine and version (`…:stateMachine:name:3`), or an alias ARN's machine and
   * alias (`…:name:live`); `undefined` for an unqualified ARN.
   * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist (the machine's).
   */
  qualified(arn: string): { record: StateMachineRecord; version?: number; alias?: string } | undefined {
    const qualified = QUALIFIED_ARN.exec(arn);
    if (!qualified) return undefined;
    const [, base = '', qualifier = ''] = qualified;
    const record = this.get(base);
    return /^\d+$/.test(qualifier) ? { record, version: Number(qualifier) } : { record, alias: qualifier };
  }

  /** A version ARN's machine ARN and number (`…:stateMachine:name:3`); undefined for any other text. */
  versionArn(arn: string): { base: string; version: number } | undefined {
    const [, base = '', qualifier = ''] = QUALIFIED_ARN.exec(arn) ?? [];
    return /^\d+$/.test(qualifier) ? { base, version: Number(qualifier) } : undefined;
  }

  /**
   * The machine an unqualified, version or alias ARN names, and what an execution started with it
   * runs (https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html):
   * the current revision; the version's snapshot, the execution associated with the version; or
   * the version the alias routes it to (by weight), associated with the alias and that version.
   * @throws StepFunctionsError InvalidArn, StateMachineDoesNotExist (also for an unknown version or alias).
   */
  resolve(stateMachineArn: string): QualifiedMachine {
    const named = this.qualified(stateMachineArn);
    if (!named) {
      const record = this.get(stateMachineArn);
      return { record, runs: record };
    }
    const { record, version, alias } = named;
    if (version !== undefined) {
      const found = record.versions.get(version);
      if (!found) throw doesNotExist(stateMachineArn);
      return { record, runs: found.machine, stateMachineVersionArn: stateMachineArn };
    }
    const aliasRecord = record.versions.getAlias(alias ?? '');
    const routed = aliasRecord && record.versions.route(aliasRecord);
    if (!routed) throw doesNotExist(stateMachineArn);
    return {
      record,
      runs: routed.machine,
      stateMachineAliasArn: stateMachineArn,
      stateMachineVersionArn: routed.stateMachineVersionArn,
    };
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
