/**
 * UpdateStateMachine, versions and aliases through the local Step Functions API
 * (`@aws-sdk/client-sfn` only), against the AWS Step Functions API Reference
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>, named by each test):
 * a version is an immutable snapshot of a revision; StartExecution with a version ARN runs that
 * snapshot, with an alias ARN the version the alias routes to (by weight); DescribeExecution names
 * them. The project's own version 1 and alias `live`: sfn-api-versions.test.ts.
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineVersionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { type Conformance, errorOf, start, startConformance, waitForEnd } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

/** A machine whose output names its revision. */
const says = (text: string) =>
  JSON.stringify({ StartAt: 'Say', States: { Say: { Type: 'Pass', Result: text, End: true } } });

let machines = 0;
async function machine(first = 'v1', extra: { publish?: boolean; versionDescription?: string } = {}) {
  machines += 1;
  return c.sfn.send(
    new CreateStateMachineCommand({
      name: `publish-${machines}-${Date.now()}`,
      definition: says(first),
      roleArn: c.roleArn,
      ...extra,
    }),
  );
}

/** Runs `arn` once; its output and the version and alias DescribeExecution names. */
async function run(arn: string) {
  const ended = await waitForEnd(c, await start(c, arn));
  return {
    output: JSON.parse(ended.output ?? 'null') as string,
    version: ended.stateMachineVersionArn,
    alias: ended.stateMachineAliasArn,
  };
}

describe('UpdateStateMachine (API_UpdateStateMachine.html)', () => {
  it('new executions run the new definition; a new revisionId and updateDate; publish gives the version', async () => {
    const { stateMachineArn = '' } = await machine();
    expect((await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).revisionId).toBeUndefined();
    const updated = await c.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn,
        definition: says('v2'),
        publish: true,
        versionDescription: 'two',
      }),
    );
    expect(updated.revisionId).toMatch(/\S/);
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(updated.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    const described = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect([described.revisionId, JSON.parse(described.definition ?? '{}').States.Say.Result]).toEqual([
      updated.revisionId,
      'v2',
    ]);
    expect((await run(stateMachineArn)).output).toBe('v2');
    // Without publish, no version.
    const plain = await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says('v3') }));
    expect(plain.stateMachineVersionArn).toBeUndefined();
  });

  it('a running execution keeps the definition it started with (DescribeStateMachineForExecution)', async () => {
    const { stateMachineArn = '' } = await machine();
    const wait = JSON.stringify({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 1, Next: 'S' }, S: { Type: 'Pass', Result: 'old', End: true } },
    });
    await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: wait }));
    const executionArn = await start(c, stateMachineArn);
    await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says('new') }));
    const ended = await waitForEnd(c, executionArn);
    expect(JSON.parse(ended.output ?? 'null')).toBe('old');
    const forExecution = await c.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(forExecution.definition).toBe(wait);
  });

  it('refuses: nothing to update (MissingRequiredParameter), versionDescription without publish (ValidationException), an invalid definition (InvalidDefinition, nothing changes), an unknown machine', async () => {
    const { stateMachineArn = '' } = await machine();
    const send = (input: Partial<ConstructorParameters<typeof UpdateStateMachineCommand>[0]>) =>
      errorOf(c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, ...input })));
    expect(await send({})).toBe('MissingRequiredParameter');
    expect(await send({ definition: says('x'), versionDescription: 'no publish' })).toBe('ValidationException');
    expect(await send({ definition: '{"StartAt":"Nope","States":{}}' })).toBe('InvalidDefinition');
    expect(await send({ stateMachineArn: `${stateMachineArn}-gone`, roleArn: c.roleArn })).toBe(
      'StateMachineDoesNotExist',
    );
    expect((await run(stateMachineArn)).output).toBe('v1');
  });
});

describe('versions (API_PublishStateMachineVersion.html, API_ListStateMachineVersions.html, API_DeleteStateMachineVersion.html)', () => {
  it('CreateStateMachine publish: version 1 at once, with its description (API_CreateStateMachine.html)', async () => {
    const created = await machine('v1', { publish: true, versionDescription: 'first' });
    expect(created.stateMachineVersionArn).toBe(`${created.stateMachineArn}:1`);
    const version = await c.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineVersionArn }),
    );
    expect([version.stateMachineArn, version.description]).toEqual([created.stateMachineVersionArn, 'first']);
  });

  it('a version runs its own definition after the machine changed; DescribeStateMachine of it gives that definition (API_DescribeStateMachine.html)', async () => {
    const { stateMachineArn = '' } = await machine();
    const v1 = await c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, description: 'one' }));
    expect(v1.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says('v2') }));
    expect(await run(v1.stateMachineVersionArn ?? '')).toEqual({
      output: 'v1',
      version: v1.stateMachineVersionArn,
      alias: undefined,
    });
    expect((await run(stateMachineArn)).output).toBe('v2');
    const described = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1.stateMachineVersionArn }));
    expect(JSON.parse(described.definition ?? '{}').States.Say.Result).toBe('v1');
    expect(described.description).toBe('one');
  });

  it('publishing the same revision twice returns the existing version; a stale revisionId is ConflictException; INITIAL names the first revision', async () => {
    const { stateMachineArn = '' } = await machine();
    const first = await c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: 'INITIAL' }));
    const again = await c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(again.stateMachineVersionArn).toBe(first.stateMachineVersionArn);
    const { revisionId } = await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says('v2') }));
    expect(
      await errorOf(c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: 'INITIAL' }))),
    ).toBe('ConflictException');
    const second = await c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId }));
    expect(second.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);
  });

  it('lists versions newest first, pages them; deletes one; its number is not given again', async () => {
    const { stateMachineArn = '' } = await machine();
    await c.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    await c.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says('v2'), publish: true }));
    const listed = await c.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn, maxResults: 1 }));
    expect(listed.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${stateMachineArn}:2`]);
    const next = await c.sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn, nextToken: listed.nextToken }),
    );
    expect(next.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${stateMachineArn}:1`]);
    await c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    // Deleting what is gone is no error.
    await c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    expect(await errorOf(start(c, `${stateMachineArn}:2`))).toBe('StateMachineDoesNotExist');
    const third = await c.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: says('v3'), publish: true }),
    );
    expect(third.stateMachineVersionArn).toBe(`${stateMachineArn}:3`);
    expect(
      await errorOf(c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: stateMachineArn }))),
    ).toBe('InvalidArn');
  });
});

describe('aliases (API_CreateStateMachineAlias.html and the alias pages)', () => {
  async function twoVersions() {
    const { stateMachineArn = '', stateMachineVersionArn: v1 = '' } = await machine('v1', { publish: true });
    const { stateMachineVersionArn: v2 = '' } = await c.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: says('v2'), publish: true }),
    );
    return { stateMachineArn, v1, v2 };
  }

  it('routes to its version; DescribeExecution names alias and version; updates, lists, describes and deletes', async () => {
    const { stateMachineArn, v1, v2 } = await twoVersions();
    const created = await c.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        description: 'live traffic',
        routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
      }),
    );
    const aliasArn = created.stateMachineAliasArn ?? '';
    expect(aliasArn).toBe(`${stateMachineArn}:prod`);
    expect(await run(aliasArn)).toEqual({ output: 'v1', version: v1, alias: aliasArn });
    await c.sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: aliasArn,
        routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
      }),
    );
    expect(await run(aliasArn)).toEqual({ output: 'v2', version: v2, alias: aliasArn });
    const described = await c.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    expect(described).toMatchObject({
      name: 'prod',
      description: 'live traffic',
      routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
    });
    const listed = async (arn: string) =>
      ((await c.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases ?? []).map(
        (a) => a.stateMachineAliasArn,
      );
    expect(await listed(stateMachineArn)).toEqual([aliasArn]);
    expect(await listed(v2)).toEqual([aliasArn]);
    expect(await listed(v1)).toEqual([]);
    // A version an alias routes to cannot be deleted.
    expect(await errorOf(c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 })))).toBe(
      'ConflictException',
    );
    await c.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    expect(await errorOf(c.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn })))).toBe(
      'ResourceNotFound',
    );
    expect(await errorOf(start(c, aliasArn))).toBe('StateMachineDoesNotExist');
    await c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }));
  });

  it('splits executions between two versions by weight, each running its version definition', async () => {
    const { v1, v2 } = await twoVersions();
    const { stateMachineAliasArn = '' } = await c.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'canary',
        routingConfiguration: [
          { stateMachineVersionArn: v1, weight: 50 },
          { stateMachineVersionArn: v2, weight: 50 },
        ],
      }),
    );
    const runs = [];
    for (let i = 0; i < 30; i += 1) runs.push(await run(stateMachineAliasArn));
    for (const { output, version } of runs) expect(version).toBe(output === 'v1' ? v1 : v2);
    // Both routes are taken (the chance of one alone in 30 runs is 2 in a billion).
    expect(new Set(runs.map((r) => r.version))).toEqual(new Set([v1, v2]));
  });

  it('is idempotent on the same settings, ConflictException on others; refuses bad routing', async () => {
    const { stateMachineArn, v1, v2 } = await twoVersions();
    const input = { name: 'stable', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] };
    const first = await c.sfn.send(new CreateStateMachineAliasCommand(input));
    const again = await c.sfn.send(new CreateStateMachineAliasCommand(input));
    expect(again.stateMachineAliasArn).toBe(first.stateMachineAliasArn);
    const create = (name: string, routingConfiguration: { stateMachineVersionArn: string; weight: number }[]) =>
      errorOf(c.sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration })));
    expect(await create('stable', [{ stateMachineVersionArn: v2, weight: 100 }])).toBe('ConflictException');
    expect(
      await create('sum', [
        { stateMachineVersionArn: v1, weight: 60 },
        { stateMachineVersionArn: v2, weight: 30 },
      ]),
    ).toBe('ValidationException');
    expect(
      await create(
        'three',
        [v1, v2, v1].map((stateMachineVersionArn) => ({ stateMachineVersionArn, weight: 0 })),
      ),
    ).toBe('ValidationException');
    expect(
      await create('twice', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: v1, weight: 50 },
      ]),
    ).toBe('ValidationException');
    expect(await create('gone', [{ stateMachineVersionArn: `${stateMachineArn}:9`, weight: 100 }])).toBe(
      'ResourceNotFound',
    );
    expect(await create('123', [{ stateMachineVersionArn: v1, weight: 100 }])).toBe('ValidationException');
    expect(await create('unqualified', [{ stateMachineVersionArn: stateMachineArn, weight: 100 }])).toBe(
      'ValidationException',
    );
    const other = await machine('other', { publish: true });
    expect(
      await create('mixed', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: other.stateMachineVersionArn ?? '', weight: 50 },
      ]),
    ).toBe('ValidationException');
  });
});
