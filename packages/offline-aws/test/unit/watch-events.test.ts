/**
 * What the project watcher says (src/watch/): what in serverless.yml needs a restart, and one
 * line per report, whatever the error text it carries.
 */
import { restartChanges } from '../../src/watch/config-changes';
import { describeWatchEvent } from '../../src/watch/events';
import type { FunctionConfig, ServerlessConfig } from '../../src/serverless/config';

const fn = (handler: string, environment: FunctionConfig['environment'] = {}): FunctionConfig => ({
  name: handler,
  handler,
  environment,
  events: [],
  timeout: 6,
  memorySize: 1024,
  runtime: 'nodejs24.x',
  asyncInvoke: {},
});

const config = (changes: Partial<ServerlessConfig> = {}): ServerlessConfig => ({
  root: '/project',
  service: 'demo',
  stage: 'dev',
  region: 'eu-west-1',
  accountId: '000000000000',
  functions: { a: fn('a.handler'), b: fn('b.handler') },
  resources: { Table: { Type: 'AWS::DynamoDB::Table' } },
  stepFunctions: { stateMachines: { flow: { definition: { StartAt: 'A' } } } },
  provider: { name: 'aws' },
  custom: {},
  extensions: {},
  ...changes,
});

describe('restartChanges', () => {
  it('is empty when only the state machine definitions changed', () => {
    expect(restartChanges(config(), config({ stepFunctions: { stateMachines: {} } }))).toEqual([]);
  });

  it('names functions added, removed and changed, resources and settings', () => {
    const after = config({
      functions: { a: fn('a.handler', { LIMIT: '1' }), c: fn('c.handler') },
      resources: { Table: { Type: 'AWS::DynamoDB::Table' }, Topic: { Type: 'AWS::SNS::Topic' } },
      provider: { name: 'aws', timeout: 10 },
    });
    expect(restartChanges(config(), after)).toEqual([
      'functions added (c), removed (b), changed (a)',
      'resources changed (Topic)',
      'settings changed (provider)',
    ]);
  });
});

describe('describeWatchEvent', () => {
  it('says each report in one line', () => {
    const lines = [
      describeWatchEvent({ kind: 'functions-reloaded', functions: ['a', 'b'], files: ['x.ts'], ms: 12.4, fixed: true }),
      describeWatchEvent({ kind: 'definition-reloaded', stateMachine: 'flow', files: ['flow.yml'], fixed: false }),
      describeWatchEvent({ kind: 'build-failed', target: 'functions', file: 'x.ts:3:7', error: 'Expected ";"' }),
      describeWatchEvent({ kind: 'restart-needed', changes: ['functions added (c)'] }),
      describeWatchEvent({ kind: 'watch-error', error: 'EMFILE: too many open files\n    at watch' }),
    ];
    expect(lines).toEqual([
      'fixed: rebuilt a, b in 12 ms (x.ts changed); new invocations run the new code',
      'reloaded state machine flow (flow.yml changed); new executions run it, running ones keep theirs',
      '✗ x.ts:3:7: Expected ";" (the last good build keeps serving)',
      'serverless.yml: functions added (c): restart to apply (code and definitions reload by themselves)',
      '✗ watching the project failed: EMFILE: too many open files (restart to watch again)',
    ]);
  });

  it('shortens long lists of functions', () => {
    const functions = ['a', 'b', 'c', 'd', 'e', 'f'];
    const line = describeWatchEvent({ kind: 'functions-reloaded', functions, files: ['x.ts'], ms: 1, fixed: false });
    expect(line).toContain('rebuilt a, b, c, d and 2 more in 1 ms');
  });
});
