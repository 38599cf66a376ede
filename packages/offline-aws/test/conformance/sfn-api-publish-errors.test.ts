/**
 * The answers of the version and alias operations that AWS's own recordings pin down word for word
 * (`@aws-sdk/client-sfn` only): routing refusals, the alias conflict, deleting and updating an alias
 * that is gone, an update that changes nothing, and ListExecutions naming versions and aliases.
 * Pages: https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html,
 * API_UpdateStateMachineAlias.html, API_DeleteStateMachineAlias.html, API_UpdateStateMachine.html,
 * API_ListExecutions.html (ExecutionListItem). The messages are those of responses recorded on AWS
 * (LocalStack's AWS-validated snapshots of these operations, test_sfn_api_aliasing/_versioning).
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  ListExecutionsCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { type Conformance, start, startConformance, waitForEnd } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const says = (text: string) =>
  JSON.stringify({ StartAt: 'Say', States: { Say: { Type: 'Pass', Result: text, End: true } } });

/** The error name and message a call is refused with. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return { name: 'no error', message: '' };
}

let machines = 0;
async function twoVersions() {
  machines += 1;
  const created = await c.sfn.send(
    new CreateStateMachineCommand({
      name: `recorded-${machines}-${Date.now()}`,
      definition: says('v1'),
      roleArn: c.roleArn,
      publish: true,
    }),
  );
  const stateMachineArn = created.stateMachineArn ?? '';
  const { stateMachineVersionArn: v2 = '' } = await c.sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn, definition: says('v2'), publish: true }),
  );
  return { stateMachineArn, v1: created.stateMachineVersionArn ?? '', v2 };
}

const alias = (name: string, routes: [string, number][]) =>
  c.sfn.send(
    new CreateStateMachineAliasCommand({
      name,
      routingConfiguration: routes.map(([stateMachineVersionArn, weight]) => ({ stateMachineVersionArn, weight })),
    }),
  );

describe('CreateStateMachineAlias refusals, in the words recorded on AWS', () => {
  it('routing: weights, distinct versions, version ARNs, at most two, weight range; the alias name', async () => {
    const { stateMachineArn, v1, v2 } = await twoVersions();
    expect(
      await failure(
        alias('a', [
          [v1, 70],
          [v2, 29],
        ]),
      ),
    ).toEqual({
      name: 'ValidationException',
      message: 'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    });
    expect(
      (
        await failure(
          alias('a', [
            [v1, 50],
            [v1, 50],
          ]),
        )
      ).message,
    ).toBe(`Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`);
    expect(
      (
        await failure(
          alias('a', [
            [stateMachineArn, 50],
            [v2, 50],
          ]),
        )
      ).message,
    ).toBe(`Routing configuration must contain state machine version ARNs. Received: [${stateMachineArn}, ${v2}]`);
    expect((await failure(alias('a', [[v1, 101]]))).message).toBe(
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    const three = await failure(
      alias('a', [
        [v1, 50],
        [v2, 30],
        [`${stateMachineArn}:3`, 20],
      ]),
    );
    expect(three.name).toBe('ValidationException');
    expect(three.message).toMatch(
      /^1 validation error detected: Value '\[RoutingConfigurationListItem\(stateMachineVersionArn=.*:1, weight=50\), .*' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2$/,
    );
    expect((await failure(alias('123', [[v1, 100]]))).message).toBe(
      "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
    );
  });

  it('the same name with another routing is ConflictException', async () => {
    const { v1, v2 } = await twoVersions();
    await alias('prod', [[v1, 100]]);
    expect(await failure(alias('prod', [[v2, 100]]))).toEqual({
      name: 'ConflictException',
      message:
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    });
  });
});

describe('an alias that is gone', () => {
  it('DeleteStateMachineAlias again succeeds; UpdateStateMachineAlias is ResourceNotFound', async () => {
    const { v1 } = await twoVersions();
    const { stateMachineAliasArn = '' } = await alias('gone', [[v1, 100]]);
    await c.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    await c.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    expect(
      await failure(c.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, description: 'x' }))),
    ).toEqual({ name: 'ResourceNotFound', message: 'Request references a resource that does not exist.' });
  });
});

describe('UpdateStateMachine that changes nothing (API_UpdateStateMachine.html)', () => {
  it('makes no revision: no revisionId for a machine never changed, and publish gives the same version', async () => {
    machines += 1;
    const { stateMachineArn = '' } = await c.sfn.send(
      new CreateStateMachineCommand({
        name: `same-${machines}-${Date.now()}`,
        definition: says('v1'),
        roleArn: c.roleArn,
      }),
    );
    const first = await c.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: says('v1'), publish: true }),
    );
    const second = await c.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: says('v1'), publish: true }),
    );
    expect([first.revisionId, first.stateMachineVersionArn]).toEqual([undefined, `${stateMachineArn}:1`]);
    expect([second.revisionId, second.stateMachineVersionArn]).toEqual([undefined, `${stateMachineArn}:1`]);
  });
});

describe('ListExecutions items (API_ExecutionListItem.html)', () => {
  it('name the version and the alias an execution was started with', async () => {
    const { stateMachineArn, v1 } = await twoVersions();
    const { stateMachineAliasArn = '' } = await alias('listed', [[v1, 100]]);
    const throughAlias = await start(c, stateMachineAliasArn);
    const throughVersion = await start(c, v1);
    const plain = await start(c, stateMachineArn);
    for (const arn of [throughAlias, throughVersion, plain]) await waitForEnd(c, arn);
    const { executions = [] } = await c.sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const item = (arn: string) => executions.find((e) => e.executionArn === arn);
    expect(item(throughAlias)).toMatchObject({ stateMachineVersionArn: v1, stateMachineAliasArn });
    expect(item(throughVersion)).toMatchObject({ stateMachineVersionArn: v1 });
    expect(item(throughVersion)?.stateMachineAliasArn).toBeUndefined();
    expect([item(plain)?.stateMachineVersionArn, item(plain)?.stateMachineAliasArn]).toEqual([undefined, undefined]);
  });
});
