/**
 * Tags and definition validation through the local Step Functions API (`@aws-sdk/client-sfn`
 * only), against the AWS Step Functions API Reference
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>, named by each test):
 * TagResource / UntagResource / ListTagsForResource and CreateStateMachine `tags` (50 per
 * resource); ValidateStateMachineDefinition answers OK or FAIL with diagnostics, never an error
 * for an invalid definition, and FAIL exactly where CreateStateMachine answers InvalidDefinition.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { type Conformance, createMachine, errorOf, exampleFlow, startConformance } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const simple = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
const tagsOf = async (resourceArn: string) =>
  (await c.sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags ?? [];

describe('tags (API_TagResource.html, API_UntagResource.html, API_ListTagsForResource.html)', () => {
  it('CreateStateMachine tags are listed; TagResource adds and replaces; UntagResource removes', async () => {
    const created = await c.sfn.send(
      new CreateStateMachineCommand({
        name: `tagged-${Date.now()}`,
        definition: JSON.stringify(simple),
        roleArn: c.roleArn,
        tags: [{ key: 'team', value: 'orders' }],
      }),
    );
    const resourceArn = created.stateMachineArn ?? '';
    expect(await tagsOf(resourceArn)).toEqual([{ key: 'team', value: 'orders' }]);
    await c.sfn.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { key: 'team', value: 'payments' },
          { key: 'cost-center', value: '42' },
        ],
      }),
    );
    expect(await tagsOf(resourceArn)).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' },
    ]);
    await c.sfn.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team', 'not-there'] }));
    expect(await tagsOf(resourceArn)).toEqual([{ key: 'cost-center', value: '42' }]);
  });

  it('more than 50 tags is TooManyTags naming the resource, and none is added', async () => {
    const resourceArn = await createMachine(c, simple);
    const tags = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: 'v' }));
    await c.sfn.send(new TagResourceCommand({ resourceArn, tags: tags(0, 50) }));
    let error: { name?: string; resourceName?: string } = {};
    try {
      await c.sfn.send(new TagResourceCommand({ resourceArn, tags: tags(50, 1) }));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect([error.name, error.resourceName]).toEqual(['TooManyTags', resourceArn]);
    expect(await tagsOf(resourceArn)).toHaveLength(50);
    // Replacing a value is no new tag.
    await c.sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'k0', value: 'w' }] }));
  });

  it('ResourceNotFound for a machine that does not exist (or was deleted), InvalidArn for other ARNs, ValidationException for a bad key', async () => {
    const resourceArn = await createMachine(c, simple);
    const tag = (arn: string, key = 'a') =>
      errorOf(c.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key, value: 'b' }] })));
    expect(await tag(`${resourceArn}-gone`)).toBe('ResourceNotFound');
    expect(await tag('arn:aws:lambda:us-east-1:123456789012:function:f')).toBe('InvalidArn');
    expect(await tag(resourceArn, 'has#hash')).toBe('ValidationException');
    expect(await tag(resourceArn, '')).toBe('ValidationException');
    // A version is not a taggable resource (recorded on AWS: ResourceNotFound).
    expect(await errorOf(c.sfn.send(new ListTagsForResourceCommand({ resourceArn: `${resourceArn}:1` })))).toBe(
      'ResourceNotFound',
    );
    await c.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: resourceArn }));
    expect(await errorOf(c.sfn.send(new ListTagsForResourceCommand({ resourceArn })))).toBe('ResourceNotFound');
  });
});

describe('ValidateStateMachineDefinition (API_ValidateStateMachineDefinition.html)', () => {
  const validate = (definition: string, extra: { maxResults?: number; severity?: 'ERROR' | 'WARNING' } = {}) =>
    c.sfn.send(new ValidateStateMachineDefinitionCommand({ definition, ...extra }));

  it('OK with no diagnostics for a definition CreateStateMachine takes', async () => {
    const answer = await validate(JSON.stringify(exampleFlow(c)), { severity: 'WARNING' });
    expect([answer.result, answer.diagnostics, answer.truncated]).toEqual(['OK', [], false]);
  });

  it('FAIL, never an error, where CreateStateMachine answers InvalidDefinition; diagnostics name code and location', async () => {
    const cases: [string, string][] = [
      ['{"StartAt": ', 'INVALID_JSON_DESCRIPTION'],
      [JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Succeed' } } }), 'SCHEMA_VALIDATION_FAILED'],
      [
        JSON.stringify({
          StartAt: 'W',
          States: { W: { Type: 'Wait', Timestamp: '2026-12-07t10:00:00z', End: true } },
        }),
        'SCHEMA_VALIDATION_FAILED',
      ],
    ];
    for (const [definition, code] of cases) {
      const answer = await validate(definition);
      expect(answer.result).toBe('FAIL');
      expect(answer.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', code });
      const refused = await errorOf(
        c.sfn.send(new CreateStateMachineCommand({ name: `v-${Date.now()}`, definition, roleArn: c.roleArn })),
      );
      expect(refused).toBe('InvalidDefinition');
    }
    const wait = await validate(cases[2]?.[0] ?? '');
    expect(wait.diagnostics?.[0]?.location).toBe('/States/W/Timestamp');
  });

  it('a blank definition, and one without States and StartAt, are FAIL in the words recorded on AWS', async () => {
    expect(await validate('{}')).toMatchObject({
      result: 'FAIL',
      diagnostics: [
        { code: 'SCHEMA_VALIDATION_FAILED', location: '/', message: 'These fields are required: [States, StartAt]' },
      ],
    });
    const answer = await validate(' ');
    expect(answer).toMatchObject({
      result: 'FAIL',
      diagnostics: [
        { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' },
      ],
    });
  });

  it('type EXPRESS: a .waitForTaskToken Task is FAIL at its Resource, and CreateStateMachine refuses it as EXPRESS only', async () => {
    const definition = JSON.stringify({
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: c.queueUrl, MessageBody: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    });
    const express = await c.sfn.send(new ValidateStateMachineDefinitionCommand({ definition, type: 'EXPRESS' }));
    expect(express).toMatchObject({
      result: 'FAIL',
      diagnostics: [
        {
          code: 'SCHEMA_VALIDATION_FAILED',
          location: '/States/Wait/Resource',
          message: "Express state machine does not support '.waitForTaskToken' service integration ",
        },
      ],
    });
    expect((await validate(definition)).result).toBe('OK');
    const create = (type: 'STANDARD' | 'EXPRESS') =>
      errorOf(
        c.sfn.send(
          new CreateStateMachineCommand({ name: `wftt-${type}-${Date.now()}`, definition, roleArn: c.roleArn, type }),
        ),
      );
    expect(await create('EXPRESS')).toBe('InvalidDefinition');
    expect(await create('STANDARD')).toBe('no error');
  });

  it('maxResults caps the diagnostics and sets truncated; out of range is ValidationException', async () => {
    const definition = JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Wait', Timestamp: 'soon', Next: 'B' },
        B: { Type: 'Wait', Timestamp: 'later', End: true },
      },
    });
    const all = await validate(definition);
    expect(all.diagnostics).toHaveLength(2);
    const one = await validate(definition, { maxResults: 1 });
    expect([one.result, one.diagnostics?.length, one.truncated]).toEqual(['FAIL', 1, true]);
    expect(await errorOf(validate(definition, { maxResults: 101 }))).toBe('ValidationException');
    expect(await errorOf(validate(''))).toBe('ValidationException');
  });
});
