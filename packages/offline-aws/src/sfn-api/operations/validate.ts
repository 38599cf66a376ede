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

const SEVERITIES = ['ERROR', 'WARNING'];

/**
 * @throws StepFunctionsError ValidationException only: `definition` missing or over 1,048,576
 *   characters, `type` or `severity` not one of theirs, `maxResults` outside 0–100 (0: 100).
 */
export function validateStateMachineDefinition(runner: WorkflowRunner, body: Body): Body {
  const definition = definitionText(body);
  const type = machineType(body);
  const severity = optionalString(body, 'severity') ?? 'ERROR';
  if (!SEVERITIES.includes(severity)) {
    throw validation('severity', `Member must satisfy enum value set: [${SEVERITIES.join(', ')}]`);
  }
  const max = body.maxResults ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 100) {
    throw validation('maxResults', 'Member must have value less than or equal to 100');
  }
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
