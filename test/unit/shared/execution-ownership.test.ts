/**
 * Every step acts only for the order's own execution (services/shared/middleware.ts): the saga
 * passes `execution` (its name, which is the order id) to each Lambda step; a step asked by another
 * execution (a replay of an order's input under a new name, a child started by hand) refuses with
 * NotTheOrdersExecution before anything is written, and no retrier retries it.
 */
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as reserveInventory } from '../../../services/inventory/handlers/reserveInventory';
import { KERNEL_ERRORS, LAMBDA_TRANSIENT_ERRORS } from '../../../services/shared/workflow-errors';
import { fakeContext } from '../../support/lambda-context';

const ddb = mockClient(DynamoDBDocumentClient);
const ORDER = `ord_${'4'.repeat(32)}`;
const input = { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1, unitPrice: 100 }] };

beforeAll(() => (process.env.INVENTORY_TABLE = 'inventory-test'));
beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
});
afterAll(() => ddb.restore());

describe('a step asked by an execution', () => {
  it('acts for the order’s own (named by the order id)', async () => {
    await expect(reserveInventory({ ...input, execution: ORDER }, fakeContext())).resolves.toMatchObject({
      status: 'RESERVED',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('refuses any other, writing nothing', async () => {
    await expect(reserveInventory({ ...input, execution: `${ORDER}-replay` }, fakeContext())).rejects.toMatchObject({
      name: 'NotTheOrdersExecution',
      message: expect.stringContaining('nothing was changed'),
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is a kernel error no retrier names', () => {
    expect(KERNEL_ERRORS).toContain('NotTheOrdersExecution');
    expect(LAMBDA_TRANSIENT_ERRORS).not.toContain('NotTheOrdersExecution');
  });
});
