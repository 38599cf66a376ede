/**
 * The local Step Functions API against the AWS Step Functions API Reference, through
 * `@aws-sdk/client-sfn` only: state machines (create, describe, list, delete; their limits,
 * logging and tracing). Executions, history and errors: sfn-api.test.ts. Each test names the
 * reference page (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>) it follows.
 * Tokens and callbacks: sfn-api-tokens.test.ts; integrations: sfn-api-integrations.test.ts. The
 * machines call the fixture project's functions (sfn-client.ts, test/fixtures/sfn-project).
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
} from '@aws-sdk/client-sfn';
import { request } from 'node:http';
import { handleOperation } from '../../src/sfn-api/operations';
import {
  type Conformance,
  createMachine,
  errorOf,
  exampleFlow,
  start,
  startConformance,
  waitForEnd,
} from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

/** Pass, Choice, Wait, a Lambda Task and Succeed/Fail (sfn-client.ts). */
const flow = () => exampleFlow(c);

describe('state machines', () => {
  it('CreateStateMachine is idempotent on name + definition, else StateMachineAlreadyExists (API_CreateStateMachine.html)', async () => {
    const name = `idempotent-${Date.now()}`;
    const definition = JSON.stringify(flow());
    const first = await c.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: c.roleArn }));
    const again = await c.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: c.roleArn }));
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(first.stateMachineArn).toMatch(/^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:idempotent-/);
    const other = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    expect(
      await errorOf(c.sfn.send(new CreateStateMachineCommand({ name, definition: other, roleArn: c.roleArn }))),
    ).toBe('StateMachineAlreadyExists');
  });

  it('refuses a definition that is not JSON, not valid ASL, or calls what the offline runtime cannot run: InvalidDefinition (API_CreateStateMachine.html)', async () => {
    const create = (definition: string) =>
      c.sfn.send(new CreateStateMachineCommand({ name: `bad-${Date.now()}`, definition, roleArn: c.roleArn }));
    expect(await errorOf(create('{not json'))).toBe('InvalidDefinition');
    expect(await errorOf(create(JSON.stringify({ StartAt: 'Missing', States: {} })))).toBe('InvalidDefinition');
    const batch = {
      StartAt: 'B',
      States: { B: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', End: true } },
    };
    await expect(create(JSON.stringify(batch))).rejects.toThrow(/offline runtime cannot run it.*batch:submitJob/);
  });

  it("runs a Distributed Map's ItemBatcher, and refuses by name what the engine cannot run yet (an ItemBatcher on an INLINE Map) instead of running it differently: InvalidDefinition", async () => {
    const create = (definition: object) =>
      c.sfn.send(
        new CreateStateMachineCommand({
          name: `later-${Date.now()}`,
          definition: JSON.stringify(definition),
          roleArn: c.roleArn,
        }),
      );
    const map = (mode: string, field: string, value: object) => ({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: mode, ...(mode === 'DISTRIBUTED' ? { ExecutionType: 'STANDARD' } : {}) },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          [field]: value,
          End: true,
        },
      },
    });
    const { stateMachineArn } = await create(map('DISTRIBUTED', 'ItemBatcher', { MaxItemsPerBatch: 2 }));
    const executionArn = await start(c, stateMachineArn ?? '', [1, 2, 3] as unknown as object);
    const ended = await waitForEnd(c, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? 'null')).toEqual([{ Items: [1, 2] }, { Items: [3] }]);
    await expect(create(map('INLINE', 'ItemBatcher', { MaxItemsPerBatch: 2 }))).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringMatching(
        /States\.M\.ItemBatcher: Distributed Map: the offline runtime cannot run ItemBatcher on a Map that is not DISTRIBUTED yet/,
      ),
    });
  });

  it('refuses what AWS refuses that the validators miss: States.ALL not alone or not in the last Retrier/Catcher, a Wait Timestamp with a lower-case t or z: InvalidDefinition (state-wait.html, concepts-error-handling.html)', async () => {
    const create = (state: object) =>
      c.sfn.send(
        new CreateStateMachineCommand({
          name: `rules-${Date.now()}`,
          definition: JSON.stringify({ StartAt: 'S', States: { S: state, Done: { Type: 'Pass', End: true } } }),
          roleArn: c.roleArn,
        }),
      );
    const task = { Type: 'Task', Resource: c.functionArn('echo'), End: true };
    const cases: [object, RegExp][] = [
      [
        { ...task, Retry: [{ ErrorEquals: ['States.ALL', 'Custom'] }] },
        /States\.S\.Retry\[0\]\.ErrorEquals: States\.ALL must appear alone/,
      ],
      [
        {
          ...task,
          Catch: [
            { ErrorEquals: ['States.ALL'], Next: 'Done' },
            { ErrorEquals: ['Custom'], Next: 'Done' },
          ],
        },
        /States\.S\.Catch\[0\]\.ErrorEquals: States\.ALL must appear only in the last Catcher/,
      ],
      [
        { Type: 'Wait', Timestamp: '2026-12-07t10:00:00z', Next: 'Done' },
        /States\.S\.Timestamp: Timestamp must be an RFC 3339/,
      ],
    ];
    for (const [state, named] of cases) {
      await expect(create(state)).rejects.toMatchObject({
        name: 'InvalidDefinition',
        message: expect.stringMatching(named),
      });
    }
    // The same, the right way round, is accepted.
    await expect(
      create({
        ...task,
        Retry: [{ ErrorEquals: ['Custom'] }, { ErrorEquals: ['States.ALL'] }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
      }),
    ).resolves.toMatchObject({ stateMachineArn: expect.any(String) });
  });

  it('refuses a roleArn that is not an IAM role ARN (InvalidArn, or ValidationException over 256 characters) and a definition over 1 MB (API_CreateStateMachine.html)', async () => {
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    const name = `checked-${Date.now()}`;
    const create = (request: { definition?: string; roleArn?: string }) =>
      c.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: c.roleArn, ...request }));
    for (const roleArn of [
      'garbage',
      'arn:aws:iam::123:role/short-account',
      'arn:aws:s3:::bucket',
      `${c.roleArn}x`.repeat(20),
    ]) {
      expect({ roleArn, error: await errorOf(create({ roleArn })) }).toEqual({
        roleArn,
        error: roleArn.length > 256 ? 'ValidationException' : 'InvalidArn',
      });
    }
    // A definition over its 1,048,576-character limit makes a request over the 1 MB request quota,
    // which answers first; the operation's own check is the API reference's constraint.
    await expect(
      handleOperation(c.runtime.runner, 'CreateStateMachine', {
        name,
        roleArn: c.roleArn,
        definition: 'x'.repeat(1_048_577),
      }),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/'definition'.*1048576/) });
    const padded = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: 'x'.repeat(1_048_600), End: true } },
    });
    await expect(create({ definition: padded })).rejects.toMatchObject({ $metadata: { httpStatusCode: 413 } });
    // Nothing was created by any refused request.
    const listed = await c.sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.some((machine) => machine.name === name)).toBe(false);
  });

  it('answers 413 to a request over the 1 MB request quota, before reading it all, and keeps serving (service-quotas.html)', async () => {
    const url = new URL(c.runtime.sfn.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AWSStepFunctions.ListStateMachines',
            'content-length': String(20 * 1024 * 1024),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Only the first MiB is sent: the answer must come without the rest.
      req.write(Buffer.alloc(1024 * 1024, 0x20));
    });
    expect(status).toBe(413);
    expect((await c.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toBeDefined();
  });

  it('DescribeStateMachine, ListStateMachines (paginated) and DeleteStateMachine (API_ListStateMachines.html)', async () => {
    const arn = await createMachine(c, flow());
    const described = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ stateMachineArn: arn, status: 'ACTIVE', type: 'STANDARD', roleArn: c.roleArn });
    expect(JSON.parse(described.definition ?? '')).toEqual(flow());
    expect(described.creationDate).toBeInstanceOf(Date);

    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await c.sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken }));
      expect(page.stateMachines?.length).toBeLessThanOrEqual(1);
      listed.push(...(page.stateMachines ?? []).map((m) => m.stateMachineArn ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(listed).toContain(arn);
    expect(new Set(listed).size).toBe(listed.length);

    await c.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    expect(await errorOf(c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })))).toBe(
      'StateMachineDoesNotExist',
    );
  });
});

describe('logging and tracing as DescribeStateMachine reports them (API_DescribeStateMachine.html)', () => {
  it('the project machine: the loggingConfig and tracingConfig of serverless.yml', async () => {
    const project = c.runtime.runner.workflow.stateMachineArn;
    const described = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: project }));
    const { region, accountId } = c.runtime.stack.config;
    expect(described.loggingConfiguration).toEqual({
      level: 'ERROR',
      includeExecutionData: true,
      destinations: [
        {
          cloudWatchLogsLogGroup: {
            logGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/vendedlogs/states/sfn-conformance-test-main:*`,
          },
        },
      ],
    });
    expect(described.tracingConfiguration).toEqual({ enabled: true });
  });

  it('a created machine: OFF and disabled unless CreateStateMachine gives them (API_LoggingConfiguration.html)', async () => {
    const plain = await createMachine(c, flow());
    expect(await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: plain }))).toMatchObject({
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    const logGroupArn = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/x:*';
    const configured = await c.sfn.send(
      new CreateStateMachineCommand({
        name: `logged-${Date.now()}`,
        definition: JSON.stringify(flow()),
        roleArn: c.roleArn,
        loggingConfiguration: {
          level: 'ALL',
          includeExecutionData: false,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
        },
        tracingConfiguration: { enabled: true },
      }),
    );
    expect(
      await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: configured.stateMachineArn })),
    ).toMatchObject({
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: false,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
      },
      tracingConfiguration: { enabled: true },
    });
  });

  it('refuses a log level AWS does not know, with ValidationException', async () => {
    const refused = c.sfn.send(
      new CreateStateMachineCommand({
        name: `bad-level-${Date.now()}`,
        definition: JSON.stringify(flow()),
        roleArn: c.roleArn,
        loggingConfiguration: { level: 'LOUD' as 'ALL' },
      }),
    );
    expect(await errorOf(refused)).toBe('ValidationException');
  });
});
