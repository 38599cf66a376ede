/**
 * `npm run new:service`: what it writes and how it wires it in, rendered in memory from this
 * project's files (no spawning, nothing written to the project; the state it prints is tried in a
 * throwaway copy of the configuration). test/slow/new-service.test.ts proves the result compiles,
 * lints, tests, packages and runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';
import { checkStateMachines, formatIssue } from 'offline-aws/engine/definition-check';
import { loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { OrderIdSchema } from '../../../services/shared/schemas';
import { serviceNames } from '../../../tools/new-service/names';
import { planService, type Plan } from '../../../tools/new-service/plan';
import { existingFiles } from '../../../tools/new-service/project';
import { BLOCKS_FILE, DEFINITION_FILE, renderTaskState } from '../../../tools/new-service/render-state';
import {
  insertAboveMarker,
  MARKERS,
  wireIdempotency,
  wireRootServerless,
  wireTaskInputs,
  WiringError,
} from '../../../tools/new-service/wiring';
import { configCopy } from '../../support/config-copy';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
/**
 * A service name the project does not use yet (the first free of a few), so the plan is the one a
 * fork gets whatever services it already has — `loyalty` included, once the generator made it.
 */
const NAME =
  ['loyalty', 'rewards', 'perks', 'points'].find((name) => !existsSync(resolve(root, 'services', name))) ?? '';
const PASCAL = `${NAME.charAt(0).toUpperCase()}${NAME.slice(1)}`;
const names = serviceNames(NAME, 'awardPoints');
const plan: Plan = planService(names, read);
const fileOf = (files: { path: string; content: string }[], path: string): string => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} is not in the plan`);
  return file.content;
};
/** YAML as the framework reads it: merge keys on, CloudFormation tags kept as plain values. */
const yaml = (text: string) => parse(text, { merge: true, logLevel: 'silent' }) as Record<string, unknown>;

describe('the files it creates', () => {
  it('lays the service out as docs/fork.md describes, with its tests and sample events', () => {
    expect(plan.create.map((f) => f.path).sort()).toEqual(
      [
        `services/${NAME}/schemas.ts`,
        `services/${NAME}/logger.ts`,
        `services/${NAME}/domain/${NAME}.ts`,
        `services/${NAME}/adapters/dynamodb-${NAME}-ledger.ts`,
        `services/${NAME}/adapters/${NAME}-ledger.ts`,
        `services/${NAME}/handlers/awardPoints.ts`,
        `services/${NAME}/service.ts`,
        `services/${NAME}/serverless.yml`,
        `test/unit/${NAME}/fake-${NAME}-ledger.ts`,
        `test/unit/${NAME}/${NAME}.test.ts`,
        `test/unit/${NAME}/awardPoints.handler.test.ts`,
        `test/integration/${NAME}/${NAME}.test.ts`,
        'events/awardPoints/valid.json',
        'events/awardPoints/invalid-missing-amount.json',
        'events/awardPoints/invalid-zero-amount.json',
        'events/awardPoints/invalid-fractional-amount.json',
        'events/awardPoints/invalid-amount-wrong-type.json',
        'events/awardPoints/invalid-bad-order-id.json',
      ].sort(),
    );
  });

  it('gives the function its own variable and IAM on its own table only, and the table the standard properties', () => {
    const fragment = yaml(fileOf(plan.create, `services/${NAME}/serverless.yml`));
    expect(fragment.functions).toEqual({
      awardPoints: {
        handler: `services/${NAME}/handlers/awardPoints.handler`,
        description: expect.any(String),
        environment: { [`${NAME.toUpperCase()}_TABLE`]: `\${self:service}-\${sls:stage}-${NAME}` },
        iamRoleStatements: [
          { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: `${PASCAL}Table.Arn` },
        ],
      },
    });
    const table = (fragment.resources as { Resources: Record<string, Record<string, unknown>> }).Resources[
      `${PASCAL}Table`
    ];
    expect(table).toMatchObject({
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: "${self:custom.retainPolicy.${sls:stage}, 'Delete'}",
      UpdateReplacePolicy: "${self:custom.retainPolicy.${sls:stage}, 'Delete'}",
      Properties: {
        TableName: `\${self:service}-\${sls:stage}-${NAME}`,
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
    expect(table?.Properties).not.toHaveProperty('TimeToLiveSpecification');
  });

  it('declares the table and the Task, a record that holds nothing, and no business error yet', () => {
    const declaration = fileOf(plan.create, `services/${NAME}/service.ts`);
    expect(declaration).toContain(`table: '${PASCAL}Table'`);
    expect(declaration).toContain('awardPoints: { input: AwardPointsInputSchema }');
    expect(declaration).toContain('errors: {}');
    expect(declaration).toContain('npx tsx tools/cli/business-errors.ts');
    expect(declaration).not.toContain('holds:');
  });

  it('writes the record key once, in the declaration: the adapter and the tests build it from there', () => {
    const spelling = plan.create.filter((file) => file.content.includes(names.keyPrefix)).map((file) => file.path);
    expect(spelling).toEqual([`services/${NAME}/service.ts`]);
    expect(fileOf(plan.create, `services/${NAME}/adapters/dynamodb-${NAME}-ledger.ts`)).toContain(
      'orderRecordPartitionKey(declaration.orderRecord, orderId)',
    );
  });

  it('keeps the domain pure: no AWS, logger or adapter import', () => {
    const domain = fileOf(plan.create, `services/${NAME}/domain/${NAME}.ts`);
    expect(domain.match(/from '[^']+'/g)).toEqual(["from '../schemas'"]);
    expect(domain).toContain(`export interface ${PASCAL}Ledger`);
    expect(fileOf(plan.create, `services/${NAME}/adapters/dynamodb-${NAME}-ledger.ts`)).toContain(
      "ConditionExpression: 'attribute_not_exists(pk)'",
    );
  });

  it('writes a valid event with a well-formed order id and invalid ones that each break one rule', () => {
    const event = (name: string) =>
      JSON.parse(fileOf(plan.create, `events/awardPoints/${name}.json`)) as Record<string, unknown>;
    const valid = event('valid');
    expect(OrderIdSchema.safeParse(valid.orderId).success).toBe(true);
    expect(valid.amount).toEqual(expect.any(Number));
    expect(event('invalid-missing-amount')).toEqual({ orderId: valid.orderId });
    expect(OrderIdSchema.safeParse(event('invalid-bad-order-id').orderId).success).toBe(false);
  });

  it('makes a valid order id from any service name up to the longest allowed', () => {
    const long = serviceNames('z'.repeat(24));
    const [valid] = planService(long, read).create.filter((f) => f.path.endsWith('/valid.json'));
    expect(OrderIdSchema.safeParse((JSON.parse(valid?.content ?? '{}') as { orderId: string }).orderId).success).toBe(
      true,
    );
  });
});

describe('the files it edits', () => {
  it('adds the fragment to the root serverless.yml, after the other services (whichever came last)', () => {
    const edited = fileOf(plan.edit, 'serverless.yml');
    const before = yaml(read('serverless.yml'));
    const after = yaml(edited);
    for (const section of ['functions', 'resources'] as const) {
      const services = (list: unknown): string[] =>
        (list as unknown[]).filter((item): item is string =>
          /^\$\{file\(services\/[^/]+\/serverless\.yml\)/.test(String(item)),
        );
      const last = services(before[section]).at(-1) ?? '';
      const entries = after[section] as unknown[];
      expect(entries.indexOf(`\${file(services/${NAME}/serverless.yml):${section}}`)).toBe(entries.indexOf(last) + 1);
    }
    expect(edited.split('\n').length).toBe(read('serverless.yml').split('\n').length + 2);
  });

  it('adds the Task’s InputSpec and its case in the idempotency test, above their markers', () => {
    const inputs = fileOf(plan.edit, 'test/support/arbitraries/task-inputs.ts');
    expect(inputs).toContain(
      `import { AwardPointsInputSchema, ${NAME.toUpperCase()}_MAX_AMOUNT } from '../../../services/${NAME}/schemas';`,
    );
    expect(inputs.indexOf('  awardPoints: spec(')).toBeLessThan(inputs.indexOf(MARKERS.taskInputSpecs));
    expect(inputs.indexOf('  awardPoints: spec(')).toBeGreaterThan(inputs.indexOf('  requestReview: spec('));
    const idempotency = fileOf(plan.edit, 'test/integration/reliability/idempotency.test.ts');
    expect(idempotency).toContain("await expectIdempotent('awardPoints', { orderId: newOrderId(), amount: 14997 });");
    expect(idempotency.indexOf("expectIdempotent('awardPoints'")).toBeLessThan(
      idempotency.indexOf('ran every Task function the services declare twice'),
    );
  });

  it('leaves ops/serverless.yml alone: packaging generates every function’s alarms', () => {
    expect(plan.edit.map((file) => file.path)).not.toContain('ops/serverless.yml');
  });
});

describe('what it refuses', () => {
  it('finds the files a plan would overwrite (every file of an existing service)', () => {
    // A service this project does not have yet (after `npm run new:service -- loyalty`, it has loyalty).
    const fresh = ['loyalty', 'rewards', 'giftcards', 'returns'].find(
      (name) => !existsSync(resolve(root, 'services', name)),
    );
    expect(fresh).toBeDefined();
    expect(existingFiles(root, planService(serviceNames(fresh ?? ''), read))).toEqual([]);
    const again = planService(serviceNames('inventory', 'reserveInventory'), read);
    expect(existingFiles(root, again)).toEqual(
      expect.arrayContaining(['services/inventory/schemas.ts', 'services/inventory/serverless.yml']),
    );
  });

  it('throws a WiringError naming the file when a marker or the list to extend is missing', () => {
    expect(() => insertAboveMarker('a\nb\n', MARKERS.taskInputSpecs, 'x', 'f.ts')).toThrow(WiringError);
    expect(() => wireTaskInputs('export const taskInputs = {};\n', names)).toThrow(/task-inputs\.ts: the line/);
    expect(() => wireIdempotency('it("x", () => {});\n', names)).toThrow(/idempotency\.test\.ts/);
    expect(() => wireRootServerless('functions: []\n', names)).toThrow(/serverless\.yml: no/);
  });

  it('finds its markers in this project’s files', () => {
    expect(read('test/support/arbitraries/task-inputs.ts')).toContain(MARKERS.taskInputImports);
    expect(read('test/support/arbitraries/task-inputs.ts')).toContain(MARKERS.taskInputSpecs);
    expect(read('test/integration/reliability/idempotency.test.ts')).toContain(MARKERS.idempotencyCases);
  });
});

describe('the state it prints for the workflow', () => {
  const state = renderTaskState(names, 'ReserveAndConfirm');
  // The earliest place a state can go: right after AssessRisk (which keeps the order in $order),
  // above every other state of the definition.
  const definition = read(DEFINITION_FILE)
    .replace(/^ {4}Default: ReserveAndConfirm$/m, '    Default: AwardPoints')
    .replace(/^States:\n/m, `States:\n${state}`);
  const copy = configCopy({
    [DEFINITION_FILE]: definition,
    'serverless.yml': fileOf(plan.edit, 'serverless.yml'),
    [`services/${NAME}/serverless.yml`]: fileOf(plan.create, `services/${NAME}/serverless.yml`),
  });
  afterAll(() => copy.remove());

  it('takes its Retry and Catch from the blocks every state shares', () => {
    expect(state).toContain(`    Retry: \${file(${BLOCKS_FILE}):retry.forward}\n`);
    expect(state).toContain(`    Catch: \${file(${BLOCKS_FILE}):catch.compensate}\n`);
  });

  it('passes the definition check above every state, and calls the new Task with the blocks of its neighbours', async () => {
    const config = loadServerlessConfig({ root: copy.root });
    const results = await checkStateMachines(config);
    expect(results.flatMap((result) => result.issues.map(formatIssue))).toEqual([]);
    const workflow = loadWorkflowDefinition(config);
    expect(workflow.states.get('AwardPoints')?.target).toMatchObject({ kind: 'lambda', functionName: 'awardPoints' });
    const states = workflow.definition.States as Record<string, Record<string, Json>>;
    expect([states.AwardPoints?.Retry, states.AwardPoints?.Catch]).toEqual([
      states.CloseFulfilmentWindow?.Retry,
      states.CloseFulfilmentWindow?.Catch,
    ]);
  });
});
