/**
 * ValidateStateMachineDefinition
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html):
 * `{ result: OK | FAIL, diagnostics: [{ severity, code, message, location? }], truncated }`. An
 * invalid definition is a FAIL result, never an error: the checks are CreateStateMachine's
 * (engine/machine-definition.ts), so FAIL means Create would answer InvalidDefinition.
 */
import type { WorkflowRunner } from '../../engine/runner';
import { validation } from '../configuration';
import { definitionText, machineType, optionalString, type Body } from '../fields';

/**
 * @throws StepFunctionsError ValidationException only: `definition` missing or over 1,048,576
 *   characters, `type` or `severity` not one of theirs, `maxResults` outside 0–100 (0: 100) —
 *   checked with the other members (members.ts).
 */
export function validateStateMachineDefinition(runner: WorkflowRunner, body: Body): Body {
  const definition = definitionText(body);
  const type = machineType(body);
  optionalString(body, 'severity'); // a string, if given: its values are checked in members.ts
  const max = body.maxResults ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max)) throw validation('maxResults', 'Member must be an integer');
  // Every finding is an ERROR (the offline checks give no WARNING: docs/fidelity.md), so `severity` filters nothing.
  const diagnostics = runner.machines.problems(definition, type).map(({ code, message, location }) => ({
    severity: 'ERROR',
    code,
    message,
    ...(location === undefined ? {} : { location }),
  }));
  const limit = max === 0 ? 100 : max;
  return {
    result: diagnostics.length > 0 ? 'FAIL' : 'OK',
    diagnostics: diagnostics.slice(0, limit),
    truncated: diagnostics.length > limit,
  };
}
