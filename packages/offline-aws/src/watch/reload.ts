/**
 * Applies a batch of changed files to a running stack (project-watch.ts collects the batches):
 *
 * - code: the functions whose bundles were built from a changed file (esbuild's metafile, kept per
 *   function by lambda/bundle.ts) are rebuilt, and only they; new invocations run the new bundles
 *   (lambda/pool.ts updateCode). A build that fails leaves the old bundles serving, and its
 *   functions are built again at the next change of code, whichever file it is.
 * - definitions: serverless.yml and the files it includes are read again; a changed definition of
 *   the project's state machine is checked as `sls package` checks it (engine/definition-check.ts)
 *   and, when valid, new executions run it (engine/runner.ts updateWorkflow), as after
 *   UpdateStateMachine: running executions keep theirs.
 * - anything else serverless.yml declares (functions, tables, topics, settings) is only reported:
 *   applying it needs a restart.
 */
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkStateMachines, formatIssue } from '../engine/definition-check';
import { loadWorkflowDefinition, type JsonObject } from '../engine/definition';
import type { WorkflowRunner } from '../engine/runner';
import { buildFunctions } from '../lambda/bundle';
import type { LambdaPool } from '../lambda/pool';
import { readServerlessConfig, type LoadOptions, type ServerlessConfig } from '../serverless/config';
import { restartChanges } from './config-changes';
import type { WatchEvent } from './events';

export interface ReloadTargets {
  /** The configuration the stack runs (its table names, functions, resolved references). */
  config: ServerlessConfig;
  /** How that configuration was loaded (root, stage): to read it again. */
  load: LoadOptions & { root: string };
  lambdas: LambdaPool;
  runner: WorkflowRunner;
  /** Where rebuilt bundles go (one folder per rebuild; removed by `dispose`). */
  buildDir: string;
}

/** esbuild's BuildFailure, as far as the report needs it. */
interface BuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

const firstLine = (text: string): string => text.split('\n').find((line) => line.trim() !== '') ?? text;

export class Reloader {
  /** The files serverless.yml was read from (absolute). */
  private configFiles: Set<string>;
  /** serverless.yml as the stack started with it: what needs a restart is what differs from it. */
  private readonly started: ServerlessConfig;
  /** The project machine's definition as last applied (its declaration in stepFunctions). */
  private appliedDefinition: string;
  private definitionFailed = false;
  /** Functions whose last rebuild failed: built again at the next change of code. */
  private readonly failing = new Set<string>();
  private builds = 0;

  constructor(private readonly targets: ReloadTargets) {
    const { config, files } = readServerlessConfig(targets.load);
    this.configFiles = new Set(files);
    this.started = config;
    this.appliedDefinition = this.declaration(config);
  }

  /** Applies one batch of changed files (absolute paths); resolves with what it did. */
  async apply(files: string[]): Promise<WatchEvent[]> {
    const config = files.filter((file) => this.configFiles.has(file));
    const code = files.filter((file) => !this.configFiles.has(file));
    const events: WatchEvent[] = [];
    if (config.length > 0) events.push(...(await this.reloadConfig(config)));
    if (code.length > 0) events.push(...(await this.rebuild(code)));
    return events;
  }

  /** Removes the rebuilt bundles (the stack has stopped). */
  dispose(): void {
    rmSync(this.targets.buildDir, { recursive: true, force: true });
  }

  private relative(file: string): string {
    return relative(this.targets.load.root, file);
  }

  private declaration(config: ServerlessConfig): string {
    const machines = config.stepFunctions.stateMachines as JsonObject | undefined;
    return JSON.stringify(machines?.[this.targets.runner.workflow.name] ?? null);
  }

  private async rebuild(files: string[]): Promise<WatchEvent[]> {
    const { lambdas, config } = this.targets;
    const names = [...new Set([...(await lambdas.functionsUsing(files)), ...this.failing])];
    if (names.length === 0) return [];
    const started = performance.now();
    this.builds += 1;
    try {
      const bundles = await buildFunctions(config, names, join(this.targets.buildDir, String(this.builds)));
      await lambdas.updateCode(bundles);
    } catch (error) {
      for (const name of names) this.failing.add(name);
      const [first] = ((error as { errors?: BuildMessage[] }).errors ?? []) as (BuildMessage | undefined)[];
      const where = first?.location;
      return [
        {
          kind: 'build-failed',
          target: 'functions',
          file: where ? `${where.file}:${where.line}:${where.column}` : this.relative(files[0] ?? ''),
          error: firstLine(first?.text ?? (error as Error).message),
        },
      ];
    }
    const fixed = names.some((name) => this.failing.has(name));
    this.failing.clear();
    const ms = performance.now() - started;
    return [{ kind: 'functions-reloaded', functions: names, files: files.map((f) => this.relative(f)), ms, fixed }];
  }

  private async reloadConfig(files: string[]): Promise<WatchEvent[]> {
    const changed = files.map((file) => this.relative(file));
    let next: ServerlessConfig;
    try {
      const read = readServerlessConfig(this.targets.load);
      next = read.config;
      this.configFiles = new Set(read.files);
    } catch (error) {
      const message = (error as Error).message;
      // readServerlessConfig names a file that does not parse: `<path>: <error>`.
      const named = files.find((file) => message.startsWith(`${file}: `));
      const reason = firstLine(named ? message.slice(named.length + 2) : message).replace(/:$/, '');
      this.definitionFailed = true;
      return [
        { kind: 'build-failed', target: 'definition', file: this.relative(named ?? files[0] ?? ''), error: reason },
      ];
    }
    const events: WatchEvent[] = [];
    const restart = restartChanges(this.started, next);
    if (restart.length > 0) events.push({ kind: 'restart-needed', changes: restart });
    const declaration = this.declaration(next);
    if (declaration !== this.appliedDefinition) {
      const event = await this.reloadDefinition(next, changed);
      if (event.kind === 'definition-reloaded') this.appliedDefinition = declaration;
      events.push(event);
    } else if (this.definitionFailed) {
      // Back to the definition that kept serving: nothing to reload, but the failure is over.
      this.definitionFailed = false;
      const stateMachine = this.targets.runner.workflow.stateMachineName;
      events.push({ kind: 'definition-reloaded', stateMachine, files: changed, fixed: true });
    }
    return events;
  }

  private async reloadDefinition(next: ServerlessConfig, changed: string[]): Promise<WatchEvent> {
    const { runner, config } = this.targets;
    const key = runner.workflow.name;
    // The running stack's functions and resources, the new definitions.
    const merged: ServerlessConfig = { ...config, stepFunctions: next.stepFunctions };
    const machines = (next.stepFunctions.stateMachines ?? {}) as JsonObject;
    const fail = (error: string): WatchEvent => {
      this.definitionFailed = true;
      return { kind: 'build-failed', target: 'definition', file: changed.join(', '), error };
    };
    if (!(key in machines)) return fail(`state machine "${key}" is no longer declared (a restart applies that)`);
    try {
      // The whole section: the definition may name the other machines (the children's versions).
      const [check] = await checkStateMachines(merged, next.stepFunctions, key);
      const issue = check?.issues[0];
      if (issue) return fail(`state machine "${key}": ${formatIssue(issue)}`);
      runner.updateWorkflow(loadWorkflowDefinition(merged, key));
    } catch (error) {
      return fail(`state machine "${key}": ${firstLine((error as Error).message)}`);
    }
    const fixed = this.definitionFailed;
    this.definitionFailed = false;
    return { kind: 'definition-reloaded', stateMachine: runner.workflow.stateMachineName, files: changed, fixed };
  }
}
