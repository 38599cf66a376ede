/**
 * The tests and sample events `npm run new:service` writes for a new service, and the snippets it
 * adds to the shared tests (its Task's InputSpec, its idempotency case), rendered from the names (pure).
 */
import type { ServiceNames } from './names';
import type { GeneratedFile } from './render-service';

/** A valid order id made from the service name (`ord_loyalty000…01`): the sample events' order. */
export const sampleOrderId = (n: ServiceNames): string => `ord_${n.service.padEnd(31, '0')}1`;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** events/<task>/: one valid event (a fresh order, so it succeeds on a freshly seeded database) and the invalid ones. */
export function renderEvents(n: ServiceNames): GeneratedFile[] {
  const orderId = sampleOrderId(n);
  const events: [string, unknown][] = [
    ['valid', { orderId, amount: 14997 }],
    ['invalid-missing-amount', { orderId }],
    ['invalid-zero-amount', { orderId, amount: 0 }],
    ['invalid-fractional-amount', { orderId, amount: 12.5 }],
    ['invalid-amount-wrong-type', { orderId, amount: '14997' }],
    ['invalid-bad-order-id', { orderId: '12345', amount: 14997 }],
  ];
  return events.map(([name, event]) => ({ path: `events/${n.task}/${name}.json`, content: json(event) }));
}

function fake(n: ServiceNames): string {
  return `import type { ${n.pascal}CreateOutcome, ${n.port} } from '../../../services/${n.service}/domain/${n.service}';
import type { ${n.record} } from '../../../services/${n.service}/schemas';

/** In-memory ${n.port} with the DynamoDB adapter's conditional write: the first record of an order stays. */
export class ${n.fakeClass} implements ${n.port} {
  readonly records = new Map<string, ${n.record}>();
  writes = 0;

  async create(record: ${n.record}): Promise<${n.pascal}CreateOutcome> {
    const existing = this.records.get(record.orderId);
    if (existing) return { kind: 'exists', record: structuredClone(existing) };
    this.records.set(record.orderId, structuredClone(record));
    this.writes += 1;
    return { kind: 'created' };
  }
}
`;
}

function domainTest(n: ServiceNames): string {
  return `import { ${n.ruleFn}, ${n.task}, type ${n.port} } from '../../../services/${n.service}/domain/${n.service}';
import { ${n.fakeClass} } from './fake-${n.service}-ledger';

const ORDER = \`ord_\${'1'.repeat(32)}\`;
const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T10:05:00.000Z';

describe('${n.ruleFn}', () => {
  it('makes the RECORDED record of the input at now', () => {
    expect(${n.ruleFn}({ orderId: ORDER, amount: 1200 }, NOW)).toEqual({
      orderId: ORDER,
      amount: 1200,
      status: 'RECORDED',
      createdAt: NOW,
    });
  });
});

describe('${n.task}', () => {
  it('stores the record of a new order and returns it', async () => {
    const ledger = new ${n.fakeClass}();
    const record = await ${n.task}(ledger, { orderId: ORDER, amount: 1200 }, NOW);
    expect(record).toEqual({ orderId: ORDER, amount: 1200, status: 'RECORDED', createdAt: NOW });
    expect(ledger.records.get(ORDER)).toEqual(record);
    expect(ledger.writes).toBe(1);
  });

  it('is idempotent: a repeat writes nothing and returns the first record', async () => {
    const ledger = new ${n.fakeClass}();
    const first = await ${n.task}(ledger, { orderId: ORDER, amount: 1200 }, NOW);
    await expect(${n.task}(ledger, { orderId: ORDER, amount: 1200 }, LATER)).resolves.toEqual(first);
    expect(ledger.writes).toBe(1);
  });

  it('keeps the first record when a later call for the same order differs', async () => {
    const ledger = new ${n.fakeClass}();
    await ${n.task}(ledger, { orderId: ORDER, amount: 1200 }, NOW);
    await expect(${n.task}(ledger, { orderId: ORDER, amount: 5 }, LATER)).resolves.toMatchObject({
      amount: 1200,
      createdAt: NOW,
    });
  });

  it('passes the ledger’s failures through', async () => {
    const failing: ${n.port} = { create: () => Promise.reject(new Error('table unavailable')) };
    await expect(${n.task}(failing, { orderId: ORDER, amount: 1200 }, NOW)).rejects.toThrow('table unavailable');
  });
});
`;
}

function handlerTest(n: ServiceNames): string {
  return `import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../services/${n.service}/handlers/${n.task}';
import { ${n.inputSchema} } from '../../../services/${n.service}/schemas';
import declaration from '../../../services/${n.service}/service';
import { orderRecordPartitionKey } from '../../../services/shared/declaration';
import { describeTaskEventFiles } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

process.env.${n.tableEnv} = '${n.service}-test';
const ddb = mockClient(DynamoDBDocumentClient);
const ORDER = \`ord_\${'2'.repeat(32)}\`;
/** Where the declaration (service.ts) says the order's record is: what the offline runtime reads. */
const KEY = orderRecordPartitionKey(declaration.orderRecord, ORDER);

beforeEach(() => ddb.reset());

describe('${n.task} handler', () => {
  it('writes the record with a conditional put', async () => {
    ddb.on(PutCommand).resolves({});
    await expect(handler({ orderId: ORDER, amount: 1200 }, fakeContext('${n.task}'))).resolves.toMatchObject({
      orderId: ORDER,
      amount: 1200,
      status: 'RECORDED',
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: '${n.service}-test',
      Item: { pk: KEY, orderId: ORDER, amount: 1200, status: 'RECORDED' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('returns the stored record when the order already has one', async () => {
    ddb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const stored = { orderId: ORDER, amount: 500, status: 'RECORDED', createdAt: '2026-11-25T10:00:00.000Z' };
    ddb.on(GetCommand).resolves({ Item: { pk: KEY, ...stored } });
    await expect(handler({ orderId: ORDER, amount: 1200 }, fakeContext('${n.task}'))).resolves.toEqual(stored);
  });

  it('passes unexpected DynamoDB errors through unchanged', async () => {
    ddb.on(PutCommand).rejects(new Error('socket hang up'));
    await expect(handler({ orderId: ORDER, amount: 1200 }, fakeContext('${n.task}'))).rejects.toThrow(
      'socket hang up',
    );
  });
});

describeTaskEventFiles(
  { ${n.task}: { handler, schema: ${n.inputSchema} } },
  () => ddb.calls().length,
  fakeContext,
);
`;
}

function integrationTest(n: ServiceNames): string {
  return `import { GetCommand } from '@aws-sdk/lib-dynamodb';
import declaration from '../../../services/${n.service}/service';
import { orderRecordPartitionKey } from '../../../services/shared/declaration';
import { newOrderId } from '../../support/ids';
import { startTestStack, type TestStack } from '../../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(() => stack.stop());

async function recordOf(orderId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({
      TableName: stack.tableName('${n.table}'),
      Key: { pk: orderRecordPartitionKey(declaration.orderRecord, orderId) },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('${n.service} against DynamoDB Local', () => {
  it('${n.task} records the order once: a repeat returns the first record and writes nothing', async () => {
    const orderId = newOrderId();
    const first = await stack.invoke<Record<string, unknown>>('${n.task}', { orderId, amount: 1200 });
    expect(first).toMatchObject({ orderId, amount: 1200, status: 'RECORDED' });
    await expect(stack.invoke('${n.task}', { orderId, amount: 9999 })).resolves.toEqual(first);
    expect(await recordOf(orderId)).toEqual({ pk: orderRecordPartitionKey(declaration.orderRecord, orderId), ...first });
  });

  it('rejects bad input with a ValidationError and writes nothing', async () => {
    const orderId = newOrderId();
    await expect(stack.invoke('${n.task}', { orderId, amount: 0 })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(await recordOf(orderId)).toBeUndefined();
  });
});
`;
}

/** test/unit/<name>/ (the domain with the fake, the handler with aws-sdk-client-mock) and test/integration/<name>/. */
export function renderTestFiles(n: ServiceNames): GeneratedFile[] {
  return [
    { path: `test/unit/${n.service}/fake-${n.service}-ledger.ts`, content: fake(n) },
    { path: `test/unit/${n.service}/${n.service}.test.ts`, content: domainTest(n) },
    { path: `test/unit/${n.service}/${n.task}.handler.test.ts`, content: handlerTest(n) },
    { path: `test/integration/${n.service}/${n.service}.test.ts`, content: integrationTest(n) },
  ];
}

/** The import test/support/arbitraries/task-inputs.ts needs for the Task's InputSpec. */
export const inputSpecImport = (n: ServiceNames): string =>
  `import { ${n.inputSchema}, ${n.maxAmount} } from '../../../services/${n.service}/schemas';`;

/** The Task's InputSpec, an entry of `taskInputs` (test/support/arbitraries/task-inputs.ts). */
export const inputSpecEntry = (n: ServiceNames): string => `  ${n.task}: spec(
    ${n.inputSchema},
    fc.record({ orderId: orderIdArb, amount: fc.integer({ min: 1, max: ${n.maxAmount} }) }),
    orderIdField,
    {
      fields: [{ path: 'amount', type: 'integer' }],
      integers: [{ path: 'amount', min: 1, max: ${n.maxAmount} }],
    },
  ),`;

/** The Task's case in test/integration/reliability/idempotency.test.ts (run twice, one write). */
export const idempotencyCase = (n: ServiceNames): string => `describe('${n.service}, twice', () => {
  it('${n.task}', async () => {
    await expectIdempotent('${n.task}', { orderId: newOrderId(), amount: 14997 });
  });
});

`;
