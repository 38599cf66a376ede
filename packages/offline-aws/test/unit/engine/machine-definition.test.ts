/**
 * The one definition check of CreateStateMachine, UpdateStateMachine and
 * ValidateStateMachineDefinition (src/engine/machine-definition.ts): a definition Validate answers
 * FAIL for is the one Create refuses, with the same first finding. Wordings marked "recorded" are
 * those of ValidateStateMachineDefinition answers recorded on AWS.
 */
import { checkedDefinition, definitionProblems } from '../../../src/engine/machine-definition';
import type { ServerlessConfig } from '../../../src/serverless/config';

const config = { functions: {} } as unknown as ServerlessConfig;
const problems = (definition: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') =>
  definitionProblems(typeof definition === 'string' ? definition : JSON.stringify(definition), config, type).map(
    ({ code, message, location }) => ({ code, message, location }),
  );

it('words what AWS recorded: a blank or non-object definition, missing top-level fields', () => {
  expect(problems(' ')).toEqual([
    { code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object', location: undefined },
  ]);
  expect(problems({})).toEqual([
    { code: 'SCHEMA_VALIDATION_FAILED', message: 'These fields are required: [States, StartAt]', location: '/' },
  ]);
  expect(problems('not a definition')[0]?.code).toBe('INVALID_JSON_DESCRIPTION');
});

it('an EXPRESS machine cannot wait for a callback or a job; a STANDARD one can', () => {
  const task = (Resource: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource, End: true } } });
  expect(problems(task('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), 'EXPRESS')).toEqual([
    {
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "Express state machine does not support '.waitForTaskToken' service integration ",
      location: '/States/T/Resource',
    },
  ]);
  expect(problems(task('arn:aws:states:::states:startExecution.sync:2'), 'EXPRESS')[0]?.message).toContain("'.sync:2'");
  expect(problems(task('arn:aws:states:::states:startExecution.sync'))).toEqual([]);
});

it('locates findings: a rule by its field, a schema error by its state', () => {
  const wait = { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: 'soon', End: true } } };
  expect(problems(wait)[0]?.location).toBe('/States/W/Timestamp');
  const noEnd = { StartAt: 'P', States: { P: { Type: 'Pass' } } };
  expect(problems(noEnd).map((p) => p.location)).toContain('/States/P');
});

it('Create refuses with the first finding as InvalidDefinition, and takes what has none', () => {
  expect(() => checkedDefinition('{}', config, 'STANDARD')).toThrow(
    expect.objectContaining({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'",
    }),
  );
  const { states } = checkedDefinition(
    JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    config,
    'EXPRESS',
  );
  expect([...states.keys()]).toEqual(['P']);
});
