/**
 * The records the state machine registry (machines.ts) keeps and the requests it takes, apart so
 * that the registry's module stays about behaviour.
 */
import type { LoggingConfiguration, WorkflowDefinition } from './definition';
import type { MachineVersions } from './machine-versions';

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
  /**
   * Its published versions and its aliases, shared by every revision of the record (the project's
   * machine: version 1, its definition as loaded, and the aliases its template declares).
   */
  versions: MachineVersions<StateMachineRecord>;
  /** Its tags (TagResource, CreateStateMachine `tags`), key to value. */
  tags: Map<string, string>;
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
  /** What the execution runs: the version's snapshot, or the machine's current revision. */
  runs: StateMachineRecord;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
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
  tags?: Map<string, string>;
}

/** What UpdateStateMachine changes (API_UpdateStateMachine.html); what is absent stays. */
export interface StateMachineChange {
  definition?: string;
  roleArn?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: { enabled: boolean };
}
