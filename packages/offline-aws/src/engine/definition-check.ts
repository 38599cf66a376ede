/**
 * Strict offline check of the state machine definitions, as they deploy: `sls package` and
 * `sls deploy` run it first (src/serverless-plugin.cjs, `before:package:initialize`), and
 * test/unit/definition-check.test.ts runs it in `npm test`.
 *
 * 1. The whole current Amazon States Language (src/engine/asl-validation.ts): AWS's
 *    amazon-states-language-service for unknown fields and invalid values anywhere, asl-validator 4
 *    for path syntax, ARN shapes and the exactly-one rules. The validator serverless-step-functions
 *    runs (asl-validator 3) ignores unknown fields in Retriers and Catchers and does not know
 *    `JitterStrategy` or `MaxDelaySeconds`, so `JitterStrategy: FULLY` or `MaxDelaySecond: 30`
 *    passed it and only failed at deploy.
 * 2. What AWS refuses beyond both validators (src/engine/asl-rules.ts: `States.ALL` placement, Wait
 *    timestamps, each query language's fields and expressions), and what the offline runtime cannot
 *    run yet (src/engine/offline-limits.ts), so that nothing is deployed that was never run offline.
 * 3. What src/engine/definition.ts refuses to load (a Task it cannot emulate, a state name
 *    used twice).
 *
 * CloudFormation references (`Fn::GetAtt`, `Ref`, ...) are first resolved to the offline names and
 * ARNs (src/serverless/cloudformation.ts), which have the shape of the deployed ones.
 */
import { resolveIntrinsics } from '../serverless/cloudformation';
import { loadServerlessConfig, type ServerlessConfig } from '../serverless/config';
import { aslValidatorIssues, issueAt, languageServiceIssues, type DefinitionIssue } from './asl-validation';
import { asObject, loadWorkflowDefinition, type JsonObject } from './definition';
import type { PathSegment } from './json-spans';
import { aslRuleIssues } from './asl-rules';
import { checkerHazards } from './checker-hazards';
import { offlineIssues, walkStates } from './offline-limits';

export type { DefinitionIssue } from './asl-validation';

export interface StateMachineCheck {
  /** The key under `stepFunctions.stateMachines`. */
  name: string;
  issues: DefinitionIssue[];
}

/**
 * Checks one definition whose CloudFormation references are already resolved.
 * Returns the issues, ASL ones first; an empty list means the definition passes.
 */
export async function checkDefinition(definition: JsonObject): Promise<DefinitionIssue[]> {
  const hazards = checkerHazards(definition);
  if (hazards.length > 0) return hazards;
  const statePaths = new Map<string, PathSegment[]>();
  walkStates(definition, (_state, path) => statePaths.set(String(path[path.length - 1]), path));
  const explained = await languageServiceIssues(definition);
  const offline = [...aslRuleIssues(definition), ...offlineIssues(definition)];
  // A state with the other language's fields fails asl-validator 4's schema in several ways at once
  // (its QueryLanguage, a Choice rule's missing Condition): the query-language rule says it in AWS's words.
  const languageStates = new Set(
    offline.filter((known) => known.message.includes('QueryLanguage')).map((known) => known.state),
  );
  const more = aslValidatorIssues(definition, explained, (name) => statePaths.get(name)).filter(
    (issue) =>
      !offline.some((known) => known.path === issue.path && known.field === issue.field) &&
      !(issue.state !== undefined && languageStates.has(issue.state)),
  );
  return [...explained, ...more, ...offline];
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Checks every state machine of `stepFunctions` (default: the one in `config`, i.e. serverless.yml
 * as the offline runtime reads it; the plugin passes the framework's resolved section), or the one
 * named `only`.
 * A reference that cannot be resolved, or a definition the offline runner refuses to load, is an
 * issue too (at the top level, from the offline runtime).
 */
export async function checkStateMachines(
  config: ServerlessConfig,
  stepFunctions: JsonObject = config.stepFunctions,
  only?: string,
): Promise<StateMachineCheck[]> {
  const machines = asObject(stepFunctions.stateMachines);
  const results: StateMachineCheck[] = [];
  for (const [name, raw] of Object.entries(machines)) {
    // One machine checked, against all of them: its definition may name the others (their versions, aliases).
    if (only !== undefined && name !== only) continue;
    const declared = asObject(raw).definition;
    let definition: JsonObject;
    try {
      definition = asObject(resolveIntrinsics(config, declared ?? null));
    } catch (error) {
      results.push({ name, issues: [issueAt([], message(error), 'offline runtime', { onField: false })] });
      continue;
    }
    const issues = await checkDefinition(definition);
    try {
      loadWorkflowDefinition({ ...config, stepFunctions }, name);
    } catch (error) {
      issues.push(issueAt([], message(error), 'offline runtime', { onField: false }));
    }
    results.push({ name, issues });
  }
  return results;
}

/** One line per issue: `<path>: field "<field>" = <value>: <message> (<source>)`. */
export function formatIssue(issue: DefinitionIssue): string {
  const parts: string[] = [];
  if (issue.path !== '' || issue.field !== undefined) parts.push(issue.path === '' ? '(top level)' : issue.path);
  if (issue.field !== undefined) {
    parts.push(`field "${issue.field}"${issue.value === undefined ? '' : ` = ${JSON.stringify(issue.value)}`}`);
  }
  parts.push(`${issue.message} (${issue.source})`);
  return parts.join(': ');
}

export interface CheckReport {
  ok: boolean;
  /** What to print: one summary line per state machine, then its issues. */
  text: string;
}

/** The report of `checkStateMachines`, as the plugin prints it (or fails the command with). */
export function reportChecks(results: StateMachineCheck[]): CheckReport {
  const lines: string[] = results.length === 0 ? ['No state machine in stepFunctions: no definition to check'] : [];
  for (const { name, issues } of results) {
    if (issues.length === 0) {
      lines.push(`State machine "${name}": definition checked (strict ASL, offline-runnable): OK`);
    } else {
      lines.push(`State machine "${name}": definition check FAILED, ${issues.length} issue(s):`);
      for (const issue of issues) lines.push(`  - ${formatIssue(issue)}`);
    }
  }
  return { ok: results.every((r) => r.issues.length === 0), text: lines.join('\n') };
}

export interface ServiceCheckOptions {
  root: string;
  stage: string;
  region: string;
  /** The framework's resolved `stepFunctions` section; default: serverless.yml read offline. */
  stepFunctions?: JsonObject;
}

/** Loads serverless.yml for the stage and region and checks its state machines (the plugin's entry). */
export async function checkServiceStateMachines(options: ServiceCheckOptions): Promise<CheckReport> {
  const config = loadServerlessConfig({ root: options.root, stage: options.stage, region: options.region });
  return reportChecks(await checkStateMachines(config, options.stepFunctions ?? config.stepFunctions));
}
