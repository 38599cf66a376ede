/**
 * A state machine's published versions and its aliases
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-alias.html): a
 * version is an immutable snapshot of the machine (definition, role, logging, tracing) at one
 * revision, numbered from 1 and never renumbered; an alias routes executions to one version, or
 * splits them between two by weight.
 */
import { StepFunctionsError } from './errors';

/** PublishStateMachineVersion: "You can publish up to 1000 versions for each state machine." */
export const MAX_VERSIONS = 1000;
/** CreateStateMachineAlias: "You can create up to 100 aliases for each state machine." */
export const MAX_ALIASES = 100;

/** One route of an alias (API_RoutingConfigurationListItem.html): a version ARN and its percentage (0–100). */
export interface RoutingConfig {
  stateMachineVersionArn: string;
  weight: number;
}

export interface MachineVersion<M> {
  version: number;
  stateMachineVersionArn: string;
  description?: string;
  creationDate: Date;
  /** The machine as it was published: what executions of the version run. */
  machine: M;
}

export interface MachineAlias {
  name: string;
  stateMachineAliasArn: string;
  description?: string;
  routingConfiguration: RoutingConfig[];
  creationDate: Date;
  updateDate: Date;
}

const conflict = (message: string) => new StepFunctionsError('ConflictException', message);

/** The versions and aliases of one state machine (`M`: the machine record a version snapshots). */
export class MachineVersions<M extends { revisionId?: string }> {
  private readonly versions = new Map<number, MachineVersion<M>>();
  private readonly aliases = new Map<string, MachineAlias>();
  /** The last number given: a deleted version's number is not given again. */
  private last = 0;

  constructor(readonly stateMachineArn: string) {}

  /**
   * PublishStateMachineVersion (API_PublishStateMachineVersion.html): a version of the machine's
   * current revision, or the one already published for it (idempotent).
   * @param expectedRevision `revisionId` of the request: the machine's current one, or INITIAL
   *   for a machine never updated.
   * @throws StepFunctionsError ConflictException (another revision is current),
   *   ServiceQuotaExceededException (1000 versions).
   */
  publish(machine: M, description?: string, expectedRevision?: string): MachineVersion<M> {
    const current = machine.revisionId ?? 'INITIAL';
    if (expectedRevision !== undefined && expectedRevision !== current) {
      throw conflict(
        `Failed to publish the State Machine version for revision ${expectedRevision}. The current State Machine revision is ${current}.`,
      );
    }
    const existing = [...this.versions.values()].find((v) => (v.machine.revisionId ?? 'INITIAL') === current);
    if (existing) return existing;
    if (this.versions.size >= MAX_VERSIONS) {
      throw new StepFunctionsError(
        'ServiceQuotaExceededException',
        `The state machine ${this.stateMachineArn} already has ${MAX_VERSIONS} versions; delete unused ones (DeleteStateMachineVersion)`,
      );
    }
    this.last += 1;
    const published: MachineVersion<M> = {
      version: this.last,
      stateMachineVersionArn: `${this.stateMachineArn}:${this.last}`,
      ...(description === undefined ? {} : { description }),
      creationDate: new Date(),
      machine,
    };
    this.versions.set(this.last, published);
    return published;
  }

  /** Makes a version run `machine` from now on (the project's version 1, as its watcher reloads it). */
  replace(version: number, machine: M): void {
    const found = this.versions.get(version);
    if (found) found.machine = machine;
  }

  get(version: number): MachineVersion<M> | undefined {
    return this.versions.get(version);
  }

  /** Most recent first, as ListStateMachineVersions lists them. */
  list(): MachineVersion<M>[] {
    return [...this.versions.values()].sort((a, b) => b.version - a.version);
  }

  /**
   * DeleteStateMachineVersion (API_DeleteStateMachineVersion.html); deleting one that does not
   * exist changes nothing. Running executions of it continue.
   * @throws StepFunctionsError ConflictException while an alias routes to it.
   */
  delete(version: number): void {
    const found = this.versions.get(version);
    if (!found) return;
    const routing = this.aliasesRoutingTo(found.stateMachineVersionArn).map((alias) => alias.name);
    if (routing.length > 0) {
      throw conflict(
        `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.join(', ')}]`,
      );
    }
    this.versions.delete(version);
  }

  aliasesRoutingTo(stateMachineVersionArn: string): MachineAlias[] {
    return this.listAliases().filter((alias) =>
      alias.routingConfiguration.some((route) => route.stateMachineVersionArn === stateMachineVersionArn),
    );
  }

  getAlias(name: string): MachineAlias | undefined {
    return this.aliases.get(name);
  }

  /** In creation order. */
  listAliases(): MachineAlias[] {
    return [...this.aliases.values()];
  }

  /**
   * CreateStateMachineAlias (API_CreateStateMachineAlias.html), idempotent on name, description
   * and routing. The routing is checked by the caller (versions of this machine, weights).
   * @throws StepFunctionsError ConflictException (the name is taken with other settings),
   *   ServiceQuotaExceededException (100 aliases).
   */
  createAlias(name: string, routingConfiguration: RoutingConfig[], description?: string): MachineAlias {
    const existing = this.aliases.get(name);
    if (existing) {
      const same =
        existing.description === description &&
        JSON.stringify(existing.routingConfiguration) === JSON.stringify(routingConfiguration);
      if (same) return existing;
      throw conflict(
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
      );
    }
    if (this.aliases.size >= MAX_ALIASES) {
      throw new StepFunctionsError(
        'ServiceQuotaExceededException',
        `The state machine ${this.stateMachineArn} already has ${MAX_ALIASES} aliases`,
      );
    }
    const now = new Date();
    const alias: MachineAlias = {
      name,
      stateMachineAliasArn: `${this.stateMachineArn}:${name}`,
      ...(description === undefined ? {} : { description }),
      routingConfiguration,
      creationDate: now,
      updateDate: now,
    };
    this.aliases.set(name, alias);
    return alias;
  }

  /** UpdateStateMachineAlias: what is given replaces what was (API_UpdateStateMachineAlias.html). */
  updateAlias(alias: MachineAlias, change: { description?: string; routingConfiguration?: RoutingConfig[] }): void {
    if (change.description !== undefined) alias.description = change.description;
    if (change.routingConfiguration !== undefined) alias.routingConfiguration = change.routingConfiguration;
    alias.updateDate = new Date();
  }

  deleteAlias(name: string): void {
    this.aliases.delete(name);
  }

  /**
   * The version an execution started through `alias` runs: one of its routes, chosen at random by
   * weight, as Step Functions chooses (API_CreateStateMachineAlias.html).
   */
  route(alias: MachineAlias, random: () => number = Math.random): MachineVersion<M> | undefined {
    let point = random() * 100;
    const routes = alias.routingConfiguration.filter((route) => route.weight > 0);
    const chosen =
      routes.find((route) => {
        point -= route.weight;
        return point < 0;
      }) ?? routes.at(-1);
    const number = Number(chosen?.stateMachineVersionArn.split(':').pop());
    return this.versions.get(number);
  }
}
