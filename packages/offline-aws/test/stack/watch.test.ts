/**
 * Edit while it runs (src/watch/): a stack on a temporary copy of fixtures/tiny-project, watched,
 * edited as a person would. A handler's edit changes the next invocation without a restart and
 * rebuilds only that function; an invocation in flight finishes on the old code; a broken edit is
 * reported in one line while the last good build serves; a definition edit applies to new
 * executions while one waiting in a Wait state finishes on the definition it started with
 * (DescribeStateMachineForExecution says which), as after UpdateStateMachine
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime } from '../../src/runtime';
import { CapturedLines, copyProject, TEST_INIT_LIMIT_MS, watchRecorder, type ProjectCopy } from '../../src/testing';
import { describeWatchEvent } from '../../src/watch/project-watch';
import type { Execution } from '../../src/engine/runner';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'tiny-project');
const NODE_MODULES = join(import.meta.dirname, '..', '..', '..', '..', 'node_modules');
const sharedDynamoDb = process.env.TEST_DYNAMODB_ENDPOINT;

// The copy's machine waits in Hold (an hour) between Shout and Save: an execution stays running
// across an edit until the test skips its wait.
const WITH_HOLD = (yml: string) =>
  yml.replace(
    'ResultPath: $.loud\n            Next: Save',
    'ResultPath: $.loud\n            Next: Hold\n          Hold:\n            Type: Wait\n            Seconds: 3600\n            Next: Save',
  );
const WITH_STAMP = (yml: string, next = 'Save') =>
  yml.replace(
    'Seconds: 3600\n            Next: Save',
    `Seconds: 3600\n            Next: Stamp\n          Stamp:\n            Type: Pass\n            Next: ${next}`,
  );

let copy: ProjectCopy;
let runtime: Runtime;
const recorder = watchRecorder();

const file = (path: string) => join(copy.root, path);
const edit = (path: string, change: (text: string) => string) =>
  writeFileSync(file(path), change(readFileSync(file(path), 'utf8')));
const shout = (text: string) => runtime.invoke('shout', { id: 'n', text });
const SHOUT = 'return event.text.toUpperCase();';
const said = new CapturedLines();

beforeAll(async () => {
  copy = copyProject(FIXTURE, NODE_MODULES);
  edit('serverless.yml', WITH_HOLD);
  runtime = await startRuntime({
    root: copy.root,
    stage: 'test',
    ...(sharedDynamoDb ? { dynamoDbEndpoint: sharedDynamoDb, tableSuffix: `-${process.pid}-watch` } : {}),
    lambdas: { initLimitMs: TEST_INIT_LIMIT_MS },
    watch: { onEvent: (event) => recorder.onEvent(event), debounceMs: 50 },
    // The stack's lines are kept, not printed (a green run prints nothing from a test body).
    log: { print: said.print, directory: false },
  });
});

afterAll(async () => {
  await runtime?.stop();
  copy?.remove();
});

it('runs a handler edit at the next invocation, rebuilding only that function', async () => {
  expect(await shout('hi')).toBe('HI');
  const reloaded = recorder.next('functions-reloaded');
  edit('handlers/shout.ts', (text) => text.replace(SHOUT, 'return `${event.text.toUpperCase()}!`;'));
  expect(await reloaded).toMatchObject({ functions: ['shout'], files: ['handlers/shout.ts'], fixed: false });
  expect(await shout('hi')).toBe('HI!');
  expect(said.lines.filter((line) => line.startsWith('λ shout ok')).length).toBeGreaterThanOrEqual(2);
});

it('finishes an invocation in flight on the code it started with', async () => {
  // "slow" writes a file named by its id once it runs, then takes 1.5 s.
  const slow =
    'if (event.text === "slow") { writeFileSync(event.id, ""); await new Promise((resolve) => setTimeout(resolve, 1500)); }';
  let reloaded = recorder.next('functions-reloaded');
  edit(
    'handlers/shout.ts',
    (text) =>
      `import { writeFileSync } from 'node:fs';\n${text.replace('return `${event.text', `${slow}\n  return \`v3:\${event.text`)}`,
  );
  await reloaded;
  const started = file('slow-started');
  const inFlight = runtime.invoke('shout', { id: started, text: 'slow' });
  // It runs on v3 before the next edit, however long its Init takes on a loaded machine.
  while (!existsSync(started)) await new Promise((resolve) => setTimeout(resolve, 20));
  reloaded = recorder.next('functions-reloaded');
  edit('handlers/shout.ts', (text) => text.replace('v3:', 'v4:'));
  await reloaded;
  expect(await shout('new')).toBe('v4:NEW!');
  expect(await inFlight).toBe('v3:SLOW!');
});

it('reports a broken edit in one line and keeps serving the last good build until it is fixed', async () => {
  const failed = recorder.next('build-failed');
  edit('handlers/shout.ts', (text) => text.replace('v4:', 'v5:').replace('toUpperCase()', 'toUpperCase(('));
  const failure = await failed;
  expect(failure).toMatchObject({ target: 'functions', file: expect.stringMatching(/^handlers\/shout\.ts:\d+:\d+$/) });
  expect(describeWatchEvent(failure)).not.toContain('\n');
  expect(await shout('still')).toBe('v4:STILL!');

  const fixed = recorder.next('functions-reloaded');
  edit('handlers/shout.ts', (text) => text.replace('toUpperCase((', 'toUpperCase()'));
  expect(await fixed).toMatchObject({ functions: ['shout'], fixed: true });
  expect(describeWatchEvent(await fixed)).toMatch(/^fixed: rebuilt shout in \d+ ms/);
  expect(await shout('fixed')).toBe('v5:FIXED!');
});

/** Starts an execution and resolves once it waits in Hold. */
async function startHeld(name: string): Promise<Execution> {
  const held = new Promise<void>((resolve) => {
    const stop = runtime.runner.onEvent((event) => {
      if (event.type === 'StateEntered' && event.execution.name === name && event.state === 'Hold') {
        stop();
        resolve();
      }
    });
  });
  const execution = runtime.runner.startExecution(name, { id: name, text: name });
  await held;
  return execution;
}

async function finish(execution: Execution): Promise<string[]> {
  runtime.runner.skipWait(execution.executionArn);
  const ended = await execution.completion;
  expect(ended.status).toBe('SUCCEEDED');
  return ended.trace.map((entry) => entry.name);
}

it('runs a definition edit in new executions while a running one keeps the definition it started with', async () => {
  const sfn = new SFNClient({
    endpoint: runtime.sfn.url,
    region: runtime.stack.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { stateMachineArn } = runtime.runner.workflow;
  const before = await startHeld('before-edit');

  const reloaded = recorder.next('definition-reloaded');
  edit('serverless.yml', (yml) => WITH_STAMP(yml));
  expect(await reloaded).toMatchObject({ stateMachine: 'tiny-notes-test-note-flow', files: ['serverless.yml'] });
  const after = await startHeld('after-edit');

  const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
  expect(described.definition).toContain('"Stamp"');
  expect(described.revisionId).toEqual(expect.any(String));
  const forBefore = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: before.executionArn }));
  expect(forBefore.definition).not.toContain('"Stamp"');
  expect(forBefore.revisionId).toBeUndefined();
  const forAfter = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: after.executionArn }));
  expect(forAfter).toMatchObject({ definition: described.definition, revisionId: described.revisionId });

  expect(await finish(before)).not.toContain('Stamp');
  expect(await finish(after)).toContain('Stamp');
});

it('reports a serverless.yml that does not parse, and its fix', async () => {
  const failed = recorder.next('build-failed');
  edit('serverless.yml', (yml) => `${yml}broken: [\n`);
  const failure = await failed;
  expect(failure).toMatchObject({ target: 'definition', file: 'serverless.yml' });
  expect(describeWatchEvent(failure)).not.toContain('\n');
  const fixed = recorder.next('definition-reloaded');
  edit('serverless.yml', (yml) => yml.replace('broken: [\n', ''));
  expect(await fixed).toMatchObject({ fixed: true });
});

it('keeps the last good definition when an edit is invalid, and says a new function needs a restart', async () => {
  const failed = recorder.next('build-failed');
  edit('serverless.yml', (yml) =>
    yml.replace('Type: Pass\n            Next: Save', 'Type: Pass\n            Next: Nowhere'),
  );
  const failure = await failed;
  expect(failure).toMatchObject({ target: 'definition', file: 'serverless.yml' });
  expect(failure.error).toContain('Nowhere');
  expect(describeWatchEvent(failure)).not.toContain('\n');
  expect(await finish(await startHeld('while-invalid'))).toContain('Stamp');

  const restart = recorder.next('restart-needed');
  const fixed = recorder.next('definition-reloaded');
  edit('serverless.yml', (yml) =>
    yml
      .replace('Next: Nowhere', 'Next: Save')
      .replace('functions:\n', 'functions:\n  echo:\n    handler: handlers/shout.handler\n'),
  );
  expect((await restart).changes).toEqual(['functions added (echo)']);
  expect(await fixed).toMatchObject({ fixed: true });
  expect(Object.keys(runtime.stack.config.functions)).not.toContain('echo');
});
