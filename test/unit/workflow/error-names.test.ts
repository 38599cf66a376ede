/**
 * One list of error names (services/shared/workflow-errors.ts and each service's declared `errors`),
 * checked against every other place that writes them: the definition's Catch and Fail names, the
 * ops metric filter that tells business outcomes from failures, and docs/workflow.md. (The customer
 * wording is checked by the compiler: notification's REASONS is keyed by these lists.)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadWorkflowDefinition, type JsonObject } from 'offline-aws/workflow/definition';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless-config';
import { loadServices } from '../../../tools/offline/services';
import { REASONS } from '../../../services/notification/domain/notify';
import {
  ESCALATION_ERRORS,
  KERNEL_ERRORS,
  LAMBDA_TRANSIENT_ERRORS,
  ORDER_OUTCOME_ERRORS,
} from '../../../services/shared/workflow-errors';

const workflow = loadWorkflowDefinition(loadServerlessConfig());

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

function allStates(states: JsonObject): JsonObject[] {
  return Object.values(states).flatMap((raw) => {
    const state = asObject(raw);
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    return [state, ...branches.flatMap((branch) => allStates(asObject(asObject(branch).States)))];
  });
}
const states = allStates(asObject(workflow.definition.States));

/** Names AWS defines (States.*, Lambda.*, Sandbox.*, service integration errors): not ours to list. */
const isAwsName = (name: string) => /^(States|Lambda|Sandbox|SNS|SQS)\./.test(name);

it('every error the definition catches by name is a declared business error or a transient error', async () => {
  const declared = new Set([...(await loadServices()).flatMap((s) => s.errors), ...KERNEL_ERRORS]);
  const caught = states.flatMap((state) =>
    (Array.isArray(state.Catch) ? state.Catch : []).flatMap((rule) => asObject(rule).ErrorEquals as string[]),
  );
  const unknown = caught.filter(
    (name) => !isAwsName(name) && !declared.has(name) && !(LAMBDA_TRANSIENT_ERRORS as readonly string[]).includes(name),
  );
  expect(unknown).toEqual([]);
});

it('every order outcome is produced: thrown by a declared service, or named by a Pass state', async () => {
  const thrown = new Set((await loadServices()).flatMap((s) => s.errors));
  const named = new Set(
    states.flatMap((state) => {
      const error = asObject(state.Parameters).Error;
      return state.Type === 'Pass' && typeof error === 'string' ? [error] : [];
    }),
  );
  for (const outcome of ORDER_OUTCOME_ERRORS) expect(thrown.has(outcome) || named.has(outcome)).toBe(true);
  for (const name of named) expect(ORDER_OUTCOME_ERRORS).toContain(name);
});

it('every static Fail error is an escalation, and each escalation ends the execution somewhere', () => {
  const fails = states.filter((state) => state.Type === 'Fail' && typeof state.Error === 'string');
  expect(fails.map((state) => state.Error).sort()).toEqual([...ESCALATION_ERRORS].sort());
});

it('the ops metric filter excludes exactly the order outcomes (they are not failures)', () => {
  const ops = parse(readFileSync('ops/serverless.yml', 'utf8'), { merge: true, logLevel: 'silent' }) as unknown;
  const text = JSON.stringify(ops);
  const filter = /"FilterPattern":"([^"\\]*(?:\\.[^"\\]*)*)"/.exec(text)?.[1] ?? '';
  const excluded = [...filter.matchAll(/\$\.details\.error != \\"([^\\]+)\\"/g)].map((m) => m[1]);
  expect(excluded.sort()).toEqual([...ORDER_OUTCOME_ERRORS].sort());
});

it('the customer has words for every outcome and escalation', () => {
  expect(Object.keys(REASONS).sort()).toEqual([...ORDER_OUTCOME_ERRORS, ...ESCALATION_ERRORS].sort());
});

it('docs/workflow.md names every outcome, escalation and declared business error', async () => {
  const page = readFileSync('docs/workflow.md', 'utf8');
  const names = [...ORDER_OUTCOME_ERRORS, ...ESCALATION_ERRORS, ...(await loadServices()).flatMap((s) => s.errors)];
  expect(names.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
});
