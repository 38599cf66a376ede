/**
 * Versions and aliases through the local Step Functions API (`@aws-sdk/client-sfn` only), as
 * https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 * describes them: StartExecution accepts a version ARN (`…:stateMachine:name:1`) or an alias ARN
 * (`…:stateMachine:name:live`); the execution ARN stays the unqualified machine's; DescribeExecution
 * (API_DescribeExecution.html) names the version and the alias; ListExecutions with a qualified ARN
 * (API_ListExecutions.html) lists the executions associated with it. Task states may name a Lambda
 * version or alias (API_Invoke.html, FunctionName). A project's machine starts with version 1 and
 * the aliases its template declares, routing to it (docs/fidelity.md): here the fixture project's
 * machine and its alias `live` (test/fixtures/sfn-project/serverless.yml). Versions and aliases
 * made through the API: sfn-api-publish.test.ts.
 */
import {
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { createMachine, errorOf, start, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
let project: string;
beforeAll(async () => {
  c = await startConformance();
  const listed = await c.sfn.send(new ListStateMachinesCommand({}));
  project = listed.stateMachines?.find((m) => m.name === 'sfn-conformance-test-main')?.stateMachineArn ?? '';
  expect(project).toContain(':stateMachine:');
}, 240_000);
afterAll(() => c?.runtime.stop());

// An input the first Choice cannot read (no $.n): the execution fails at once, with no side effect.
const EMPTY = {};

describe('StartExecution with a qualified state machine ARN', () => {
  it('starts through the alias the template declares, and DescribeExecution names the alias and its version', async () => {
    const executionArn = await start(c, `${project}:live`, EMPTY);
    expect(executionArn).toBe(`${project.replace(':stateMachine:', ':execution:')}:${executionArn.split(':').pop()}`);
    const described = await waitForEnd(c, executionArn);
    expect(described).toMatchObject({
      stateMachineArn: project,
      stateMachineAliasArn: `${project}:live`,
      stateMachineVersionArn: `${project}:1`,
    });
  });

  it('starts a version; the execution is associated with that version and no alias', async () => {
    const executionArn = await start(c, `${project}:1`, EMPTY);
    const described = await waitForEnd(c, executionArn);
    expect([described.stateMachineArn, described.stateMachineVersionArn, described.stateMachineAliasArn]).toEqual([
      project,
      `${project}:1`,
      undefined,
    ]);
  });

  it('an unqualified start is associated with no version or alias', async () => {
    const described = await waitForEnd(c, await start(c, project, EMPTY));
    expect([described.stateMachineVersionArn, described.stateMachineAliasArn]).toEqual([undefined, undefined]);
  });

  it('rejects a version or alias that does not exist', async () => {
    const send = (stateMachineArn: string) => c.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    expect(await errorOf(send(`${project}:2`))).toBe('StateMachineDoesNotExist');
    expect(await errorOf(send(`${project}:nope`))).toBe('StateMachineDoesNotExist');
  });

  it('ListExecutions with an alias or version ARN lists the executions associated with it', async () => {
    const throughAlias = await start(c, `${project}:live`, EMPTY);
    const throughVersion = await start(c, `${project}:1`, EMPTY);
    await waitForEnd(c, throughAlias);
    await waitForEnd(c, throughVersion);
    const list = async (stateMachineArn: string) =>
      ((await c.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? []).map((e) => e.executionArn);
    expect(await list(`${project}:live`)).toContain(throughAlias);
    expect(await list(`${project}:live`)).not.toContain(throughVersion);
    // Started through the alias is associated with the version it routed to, too.
    expect(await list(`${project}:1`)).toEqual(expect.arrayContaining([throughAlias, throughVersion]));
    expect(await list(project)).toEqual(expect.arrayContaining([throughAlias, throughVersion]));
  });
});

describe("the project's version and alias through the version and alias operations", () => {
  it('ListStateMachineVersions lists version 1, DescribeStateMachineAlias routes `live` to it, ListStateMachines lists no version (API_ListStateMachineVersions.html, API_DescribeStateMachineAlias.html)', async () => {
    const versions = await c.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: project }));
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${project}:1`]);
    const aliases = await c.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: project }));
    expect(aliases.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${project}:live`]);
    const live = await c.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${project}:live` }));
    expect(live).toMatchObject({
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn: `${project}:1`, weight: 100 }],
    });
    const version = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${project}:1` }));
    const machine = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: project }));
    expect([version.stateMachineArn, version.definition]).toEqual([`${project}:1`, machine.definition]);
    const listed = (await c.sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    expect(listed.filter((m) => m.stateMachineArn?.startsWith(`${project}:`))).toEqual([]);
  });
});

describe('Task states naming a Lambda version or alias', () => {
  it('runs the function for a version-qualified Resource and a qualified lambda:invoke FunctionName', async () => {
    const items = [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 2599 }];
    const arn = await createMachine(c, {
      StartAt: 'Reserve',
      States: {
        Reserve: {
          Type: 'Task',
          Resource: `${c.functionArn('echo')}:1`,
          Parameters: { 'orderId.$': '$.orderId', items },
          ResultPath: '$.reservation',
          Next: 'Release',
        },
        Release: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: `${c.functionArn('echo').split(':').pop() ?? ''}:live`,
            Payload: { 'orderId.$': '$.orderId' },
          },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    });
    const orderId = `ord_${randomUUID().replaceAll('-', '')}`;
    const described = await waitForEnd(c, await start(c, arn, { orderId }));
    expect([described.status, described.error]).toEqual(['SUCCEEDED', undefined]);
    // What the qualified lambda:invoke returned: the function's result as its Payload.
    expect(JSON.parse(described.output ?? '{}')).toEqual({ echoed: { orderId } });
    const again = await c.sfn.send(new DescribeExecutionCommand({ executionArn: described.executionArn }));
    expect(again.stateMachineVersionArn).toBeUndefined();
  });
});
