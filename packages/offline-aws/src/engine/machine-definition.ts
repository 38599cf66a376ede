/**
 * A state machine definition given through the API (CreateStateMachine, UpdateStateMachine,
 * ValidateStateMachineDefinition), parsed and checked once, in one order, so that the three agree:
 * what Create refuses, Validate answers FAIL for, with the same findings.
 *
 * The checks, in order (each later one only when the earlier found nothing, as asl-validator's
 * schema errors repeat the earlier findings in its own words):
 * 1. JSON text of an object (INVALID_JSON_DESCRIPTION);
 * 2. each query language's fields, expressions and variable names (asl-rules.ts, AWS's wording);
 * 3. `States.ALL` placement and Wait timestamps (asl-rules.ts), the integration patterns an EXPRESS
 *    machine cannot use, and what the offline engine cannot run yet (offline-limits.ts: refused by
 *    name, never run differently);
 * 4. the Amazon States Language schema (asl-validator 4);
 * 5. what the runner cannot classify (definition.ts collectStates: an unknown Task resource).
 */
import aslValidator from 'asl-validator';
import type { ServerlessConfig } from '../serverless/config';
import { forSchemaValidation } from './asl-schema-gaps';
import { aslStructureIssues, languageRuleFindings, pointerOf } from './asl-rules';
import { checkerHazards } from './checker-hazards';
import { collectStates, type JsonObject, type WorkflowDefinition } from './definition';
import { StepFunctionsError } from './errors';
import type { StateMachineType } from './machine-types';
import { offlineIssues, walkStates } from './offline-limits';

/**
 * One finding, as ValidateStateMachineDefinition reports it
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html):
 * `code` (SCHEMA_VALIDATION_FAILED, INVALID_JSON_DESCRIPTION, …; OFFLINE_UNSUPPORTED for what the
 * offline engine refuses), `message`, `location` a JSON pointer (`/States/Wait/Timestamp`) when
 * known; `refusal` is the InvalidDefinition message CreateStateMachine answers with for it.
 */
export interface DefinitionProblem {
  code: string;
  message: string;
  location?: string;
  refusal: string;
}

const refusal = (text: string) => `Invalid State Machine Definition: '${text}'`;

/**
 * Definitions (as JSON text) asl-validator accepted, most recent last: the validation is a pure
 * function of the definition and costs tens of milliseconds of CPU per machine, paid again by every
 * stack a process starts with the project's definition (a test run starts dozens). Bounded: a long
 * `npm start` may create many machines through the API.
 */
const validDefinitions = new Set<string>();
const VALID_DEFINITIONS_KEPT = 64;

/** asl-validator 4's findings (schema, paths, transitions), JSONata and variables included. */
function schemaProblems(definition: JsonObject): DefinitionProblem[] {
  const text = JSON.stringify(definition);
  if (validDefinitions.has(text)) return [];
  // It writes QueryLanguage into every state it is given: validate a copy (forSchemaValidation's).
  const { isValid, errors, errorsText } = aslValidator(forSchemaValidation(definition), {
    checkPaths: true,
    checkArn: false,
  });
  if (isValid) {
    validDefinitions.add(text);
    if (validDefinitions.size > VALID_DEFINITIONS_KEPT)
      validDefinitions.delete(validDefinitions.values().next().value ?? '');
    return [];
  }
  // CreateStateMachine names them all in one message, as it always has.
  const all = refusal(errorsText('; ').replace(/\s+/g, ' ').trim());
  // Semantic errors name a state but no place: the state's own path, when there is one state of that name.
  const statePaths = new Map<string, string>();
  walkStates(definition, (_state, path) => statePaths.set(String(path.at(-1)), pointerOf(path)));
  return errors.map((error) => {
    const named = /^State "?([^"\s]+)"? /.exec(error.Message)?.[1];
    const location = error.schemaError ? error.schemaError.instancePath || '/' : statePaths.get(named ?? '');
    return {
      code: 'SCHEMA_VALIDATION_FAILED',
      message: error.Message.replace(/^\S* is invalid\. /, ''),
      ...(location === undefined ? {} : { location }),
      refusal: all,
    };
  });
}

/**
 * An EXPRESS machine's Tasks cannot wait for a callback or a job ("Service integration patterns":
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html); AWS's words for
 * `.waitForTaskToken` (recorded by ValidateStateMachineDefinition), trailing space included.
 */
function expressProblems(definition: JsonObject): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  walkStates(definition, (state, path) => {
    const pattern = /\.(waitForTaskToken|sync(:2)?)$/.exec(
      typeof state.Resource === 'string' ? state.Resource : '',
    )?.[0];
    if (state.Type !== 'Task' || pattern === undefined) return;
    const message = `Express state machine does not support '${pattern}' service integration `;
    const location = pointerOf([...path, 'Resource']);
    problems.push({
      code: 'SCHEMA_VALIDATION_FAILED',
      message,
      location,
      refusal: refusal(`SCHEMA_VALIDATION_FAILED: ${message} at ${location}`),
    });
  });
  return problems;
}

/**
 * Every problem of a definition, in the order above; [] when it can be created.
 * @param text the definition as the request carries it (JSON text).
 * @param type the machine's type: an EXPRESS one has more rules.
 */
export function definitionProblems(
  text: string,
  config: ServerlessConfig,
  type: StateMachineType = 'STANDARD',
): DefinitionProblem[] {
  // Not JSON text at all (blank): AWS's SCHEMA_VALIDATION_FAILED, recorded by ValidateStateMachineDefinition.
  if (text.trim() === '') {
    const message = 'Definition must be a valid JSON object';
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message, refusal: refusal(message) }];
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return [{ code: 'INVALID_JSON_DESCRIPTION', message, refusal: refusal(`INVALID_JSON_DESCRIPTION: ${message}`) }];
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    const message = 'Definition must be a valid JSON object';
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message, refusal: refusal('the definition is not a JSON object') }];
  }
  const object = definition as JsonObject;
  // What would overflow or block the checkers below is refused first (checker-hazards.ts).
  const [hazard] = checkerHazards(object);
  if (hazard) {
    const location = pointerOf(hazard.segments);
    return [{ code: 'OFFLINE_UNSUPPORTED', message: hazard.message, location, refusal: refusal(hazard.message) }];
  }
  // AWS's words and order for the top-level fields (recorded by ValidateStateMachineDefinition).
  const missing = ['States', 'StartAt'].filter((field) => object[field] === undefined);
  if (missing.length > 0) {
    const message = `These fields are required: [${missing.join(', ')}]`;
    return [
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message,
        location: '/',
        refusal: refusal(`SCHEMA_VALIDATION_FAILED: ${message} at /`),
      },
    ];
  }
  const language = languageRuleFindings(object).map(({ text, code, message, location }) => ({
    code,
    message,
    location,
    refusal: refusal(text),
  }));
  if (language.length > 0) return language;
  const ruled = [
    ...aslStructureIssues(object).map((issue) => ({ issue, code: 'SCHEMA_VALIDATION_FAILED' })),
    ...offlineIssues(object).map((issue) => ({ issue, code: 'OFFLINE_UNSUPPORTED' })),
  ].map(({ issue, code }) => {
    const where = [issue.path, issue.field].filter(Boolean).join('.') || '(top level)';
    return {
      code,
      message: issue.message,
      location: pointerOf(issue.segments),
      refusal: refusal(`${where}: ${issue.message}`),
    };
  });
  const all = [...(type === 'EXPRESS' ? expressProblems(object) : []), ...ruled];
  if (all.length > 0) return all;
  const schema = schemaProblems(object);
  if (schema.length > 0) return schema;
  try {
    collectStates(config, (object.States ?? {}) as JsonObject);
  } catch (error) {
    const message = `the offline runtime cannot run it: ${(error as Error).message}`;
    return [{ code: 'OFFLINE_UNSUPPORTED', message, refusal: refusal(message) }];
  }
  return [];
}

/**
 * The definition parsed and classified for the runner, as CreateStateMachine and
 * UpdateStateMachine take it.
 * @throws StepFunctionsError InvalidDefinition naming the first problem (definitionProblems).
 */
export function checkedDefinition(
  text: string,
  config: ServerlessConfig,
  type: StateMachineType,
): { definition: JsonObject; states: WorkflowDefinition['states'] } {
  const [problem] = definitionProblems(text, config, type);
  if (problem) throw new StepFunctionsError('InvalidDefinition', problem.refusal);
  const definition = JSON.parse(text) as JsonObject;
  return { definition, states: collectStates(config, (definition.States ?? {}) as JsonObject) };
}
