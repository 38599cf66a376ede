import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DIAGRAM_END,
  DIAGRAM_START,
  WORKFLOW_DOC,
  describeCondition,
  documentWithDiagram,
  generatedFiles,
  renderDiagram,
} from '../../tools/diagram';
import type { Json } from 'offline-aws/serverless/config';

type JsonObject = { [key: string]: Json };
const root = resolve(__dirname, '../..');

describe('the committed diagram', () => {
  it.each([WORKFLOW_DOC])('%s is what `npm run diagram` generates from the ASL now', (path) => {
    const expected = generatedFiles(root)[path];
    const actual = readFileSync(resolve(root, path), 'utf8');
    if (actual !== expected) {
      throw new Error(`${path} is out of date with the state machine definition: run \`npm run diagram\``);
    }
  });
});

describe('renderDiagram', () => {
  const definition: JsonObject = {
    StartAt: 'Decide',
    States: {
      Decide: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.total', NumericGreaterThanEquals: 100000, Next: 'Both' },
          {
            And: [{ Variable: '$.kind', StringEquals: 'gift' }, { Not: { Variable: '$.note', IsPresent: true } }],
            Next: 'Done',
          },
        ],
        Default: 'Hold',
      },
      Hold: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Both' },
      Both: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Left',
            States: { Left: { Type: 'Task', Resource: { 'Fn::GetAtt': ['left', 'Arn'] }, End: true } },
          },
          {
            StartAt: 'Right',
            States: {
              Right: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:1:function:app-dev-right', End: true },
            },
          },
        ],
        Catch: [{ ErrorEquals: ['OutOfStock', 'PaymentDeclined'], Next: 'Undo' }],
        Next: 'Announce',
      },
      Announce: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Next: 'Ask' },
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'reviewer' },
        Next: 'Done',
      },
      Undo: {
        Type: 'Task',
        Comment: 'Compensation: give it back',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: { 'Fn::GetAtt': ['undo', 'Arn'] } },
        Next: 'Broken',
      },
      Broken: { Type: 'Fail', Error: 'Cancelled' },
      Done: { Type: 'Succeed' },
    },
  };
  const diagram = renderDiagram(definition);

  it('starts at StartAt and ends Succeed and Fail states', () => {
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(diagram).toContain('  [*] --> Decide\n');
    expect(diagram).toContain('  Done --> [*]\n');
    expect(diagram).toContain('  Broken : Fail Cancelled\n  Broken --> [*]\n');
    expect(diagram).toContain('  class Broken failure\n');
  });

  it('labels Choice edges with their conditions and the default', () => {
    expect(diagram).toContain('  Decide --> Both : $.total >= 100000\n');
    expect(diagram).toContain('  Decide --> Done : $.kind == "gift" and not ($.note is present)\n');
    expect(diagram).toContain('  Decide --> Hold : otherwise\n');
  });

  it('draws a Parallel state as a composite state with one region per branch', () => {
    expect(diagram).toContain(
      [
        '  state Both {',
        '    [*] --> Left',
        '    Left : λ left',
        '    Left --> [*]',
        '    --',
        '    [*] --> Right',
        '    Right : λ app-dev-right',
        '    Right --> [*]',
        '  }',
        '  Both --> Announce',
      ].join('\n'),
    );
  });

  it('labels Catch edges with the errors they catch', () => {
    expect(diagram).toContain('  Both --> Undo : catch OutOfStock, PaymentDeclined\n');
  });

  it('names what each Task calls and marks compensation steps', () => {
    expect(diagram).toContain('  Announce : SNS Publish\n');
    expect(diagram).toContain('  Ask : λ reviewer, waits for its task token\n');
    expect(diagram).toContain('  Undo : ↩ λ undo\n');
    expect(diagram).toContain('  Hold : Wait SecondsPath $.seconds\n');
    expect(diagram).toContain('  class Undo compensation\n');
  });
});

describe('renderDiagram of a JSONata definition', () => {
  const diagram = renderDiagram({
    QueryLanguage: 'JSONata',
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: { FunctionName: { 'Fn::GetAtt': ['reviewer', 'Arn'] } },
        Catch: [{ ErrorEquals: ['Rejected'], Assign: { failure: { Error: 'OrderRejected' } }, Next: 'Stop' }],
        Next: 'Hold',
      },
      Hold: { Type: 'Wait', Seconds: '{% $order.seconds %}', Next: 'Decide' },
      Decide: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $cancelled %}', Assign: { failure: { Error: 'OrderCancelled' } }, Next: 'Stop' }],
        Default: 'Stop',
      },
      Stop: { Type: 'Fail', Error: '{% $failure.Error %}' },
    },
  });

  it('reads the function from Arguments and shows expressions without their {% %}', () => {
    expect(diagram).toContain('  Ask : λ reviewer, waits for its task token\n');
    expect(diagram).toContain('  Hold : Wait Seconds $order.seconds\n');
    expect(diagram).toContain('  Stop : Fail error from $failure.Error\n');
  });

  it('labels Catch and Choice edges with the name they give the failure', () => {
    expect(diagram).toContain('  Ask --> Stop : catch Rejected, as OrderRejected\n');
    expect(diagram).toContain('  Decide --> Stop : $cancelled, as OrderCancelled\n');
  });
});

describe('describeCondition', () => {
  it.each<[JsonObject, string]>([
    [{ Variable: '$.a', BooleanEquals: true }, '$.a == true'],
    [{ Variable: '$.a', NumericLessThanPath: '$.b' }, '$.a < $.b'],
    [{ Variable: '$.a', TimestampGreaterThan: '2026-01-01T00:00:00Z' }, '$.a > "2026-01-01T00:00:00Z"'],
    [{ Variable: '$.a', NumericLessThanEquals: 3 }, '$.a <= 3'],
    [{ Variable: '$.a', StringMatches: 'x*' }, '$.a matches "x*"'],
    [{ Variable: '$.a', IsNull: false }, '$.a is not null'],
    [
      {
        Or: [
          { Variable: '$.a', IsString: true },
          { Variable: '$.b', IsPresent: true },
        ],
      },
      '$.a is string or $.b is present',
    ],
    [{ Condition: '{% $states.input.ok %}' }, '$states.input.ok'],
    [{ Variable: '$.a', Next: 'X' }, '$.a'],
  ])('%j → %s', (rule, text) => {
    expect(describeCondition(rule)).toBe(text);
  });
});

describe('documentWithDiagram', () => {
  it('replaces only the block between the markers', () => {
    const page = `# Title\n\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\n\nrest\n`;
    const updated = documentWithDiagram(page, 'stateDiagram-v2\n');
    expect(updated.startsWith(`# Title\n\n${DIAGRAM_START}\n`)).toBe(true);
    expect(updated).toContain('```mermaid\nstateDiagram-v2\n```\n');
    expect(updated.endsWith(`${DIAGRAM_END}\n\nrest\n`)).toBe(true);
    expect(updated).not.toContain('old');
  });

  it('refuses a page without the markers, naming it', () => {
    expect(() => documentWithDiagram('# Title\n', 'x')).toThrow(`${WORKFLOW_DOC} needs the markers`);
  });
});
