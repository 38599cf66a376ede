/**
 * The error names (each service's declared `errors` in services/<name>/service.ts, and the
 * workflow's own in services/shared/workflow-errors.ts), checked against the other places that
 * write them: the definition's Catch, Assign and Fail names, the customer's wording, and
 * docs/workflow.md. (The ops metric filter, the error-rate alarms and docs/operations.md follow the
 * declarations too: test/unit/workflow/business-errors.test.ts.)
 */
import { readFileSync } from 'node:fs';
import type { JsonObject } from 'offline-aws/engine/definition';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import { loadServices } from '../../../tools/offline/services';
import { REASONS } from '../../../services/notification/domain/notify';
import {
  CUSTOMER_WORDING,
  ESCALATION_ERRORS,
  REFUSAL_ERRORS,
  KERNEL_ERRORS,
  LAMBDA_TRANSIENT_ERRORS,
  ORDER_OUTCOME_ERRORS,
} from '../../../services/shared/workflow-errors';
import { isExpression, namedFailures } from './named-failures';
import { sagaStates } from './saga-states';

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

function allStates(states: JsonObject): JsonObject[] {
  return Object.values(states).flatMap((raw) => {
    const state = asObject(raw);
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    return [state, ...branches.flatMap((branch) => allStates(asObject(asObject(branch).States)))];
  });
}
// The saga's and its Express children's.
const states = allStates(sagaStates(loadServerlessConfig()));

/** Names AWS defines (States.*, Lambda.*, Sandbox.*, service integration errors): not ours to list. */
const isAwsName = (name: string) => /^(States|Lambda|Sandbox|SNS|SQS)\./.test(name);

it('every error the definition catches by name is a declared business error or a transient error', async () => {
  const declared = new Set([...(await loadServices()).flatMap((s) => Object.keys(s.errors)), ...KERNEL_ERRORS]);
  const caught = states.flatMap((state) =>
    (Array.isArray(state.Catch) ? state.Catch : []).flatMap((rule) => asObject(rule).ErrorEquals as string[]),
  );
  const unknown = caught.filter(
    (name) => !isAwsName(name) && !declared.has(name) && !(LAMBDA_TRANSIENT_ERRORS as readonly string[]).includes(name),
  );
  expect(unknown).toEqual([]);
});

it('every order outcome is produced: thrown by a declared service, or named where the workflow catches or chooses it', async () => {
  // Declared as thrown by one of the service's functions (`thrownBy`).
  const thrown = new Set(
    (await loadServices()).flatMap((s) =>
      Object.entries(s.errors).flatMap(([name, e]) => (e.thrownBy.length > 0 ? [name] : [])),
    ),
  );
  const named = new Set(states.flatMap(namedFailures));
  for (const outcome of ORDER_OUTCOME_ERRORS)
    expect([outcome, thrown.has(outcome) || named.has(outcome)]).toEqual([outcome, true]);
  for (const name of named) expect(ORDER_OUTCOME_ERRORS).toContain(name);
});

it('every static Fail error is an escalation or a refusal, and each of them ends the execution somewhere', () => {
  const fails = states.filter((state) => state.Type === 'Fail' && !isExpression(state.Error));
  expect(fails.map((state) => state.Error).sort()).toEqual([...ESCALATION_ERRORS, ...REFUSAL_ERRORS].sort());
});

it('the customer has words for every outcome and escalation, and only the declared ones', () => {
  expect(Object.keys(REASONS).sort()).toEqual([...Object.keys(CUSTOMER_WORDING), ...ESCALATION_ERRORS].sort());
  for (const name of [...ORDER_OUTCOME_ERRORS, ...ESCALATION_ERRORS]) expect(REASONS[name]).toEqual(expect.any(String));
});

it('docs/workflow.md names every outcome, escalation and declared business error', async () => {
  const page = readFileSync('docs/workflow.md', 'utf8');
  const names = [...ESCALATION_ERRORS, ...(await loadServices()).flatMap((s) => Object.keys(s.errors))];
  expect(
    names.filter((name) => !page.includes(`\`${name}\``)).map((name) => `docs/workflow.md does not name ${name}`),
  ).toEqual([]);
});
