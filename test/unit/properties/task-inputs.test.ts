/**
 * Bad input to every Step Functions Task function: generated malformed inputs are answered with a
 * `ValidationError` carrying the zod issues, never another error, and no AWS command is sent.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { ReserveInventoryInputSchema } from '../../../services/inventory/schemas';
import {
  expectValidationError,
  malformedCases,
  malformedInput,
  rejectionOf,
  taskInputs,
  type TaskFunction,
} from '../../support/arbitraries';
import { fakeContext } from '../../support/lambda-context';
import {
  assertEveryCase,
  documentClientMock,
  expectNoAwsCommands,
  NUM_RUNS,
  resetAwsMocks,
  setServiceEnvironment,
} from './harness';

setServiceEnvironment();

type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlerModules: Record<TaskFunction, () => Promise<{ handler: TaskHandler }>> = {
  reserveInventory: () => import('../../../services/inventory/handlers/reserveInventory'),
  releaseInventory: () => import('../../../services/inventory/handlers/releaseInventory'),
  authorizePayment: () => import('../../../services/payment/handlers/authorizePayment'),
  capturePayment: () => import('../../../services/payment/handlers/capturePayment'),
  refundPayment: () => import('../../../services/payment/handlers/refundPayment'),
  createShipment: () => import('../../../services/shipping/handlers/createShipment'),
  cancelShipment: () => import('../../../services/shipping/handlers/cancelShipment'),
  updateOrderStatus: () => import('../../../services/orders/handlers/updateOrderStatus'),
  requestReview: () => import('../../../services/orders/handlers/requestReview'),
};

beforeEach(() => resetAwsMocks());

const functions = Object.keys(taskInputs) as TaskFunction[];

it('covers every Task function', () => {
  expect([...functions].sort()).toEqual(Object.keys(handlerModules).sort());
});

describe.each(functions)('%s', (functionName) => {
  const rejectsWithoutSideEffects = async (input: unknown) => {
    const { handler } = await handlerModules[functionName]();
    expectValidationError(await rejectionOf(handler(input, fakeContext(functionName))));
    expectNoAwsCommands();
  };

  it(`answers ${NUM_RUNS} malformed inputs with a ValidationError and sends nothing`, async () => {
    await fc.assert(fc.asyncProperty(malformedInput(taskInputs[functionName]), rejectsWithoutSideEffects), {
      numRuns: NUM_RUNS,
    });
  });

  it('refuses every documented limit and format, each one separately', async () => {
    await assertEveryCase(malformedCases(taskInputs[functionName]), rejectsWithoutSideEffects);
  });

  it('accepts the valid inputs it is given (the schema is not over-strict)', () => {
    const { schema, valid } = taskInputs[functionName];
    fc.assert(
      fc.property(valid, (input) => {
        expect(schema.safeParse(input)).toMatchObject({ success: true });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('reserveInventory with valid input', () => {
  it('reserves every generated valid order (one transaction, status RESERVED)', async () => {
    const { handler } = await handlerModules.reserveInventory();
    await fc.assert(
      fc.asyncProperty(taskInputs.reserveInventory.valid, async (input) => {
        resetAwsMocks();
        documentClientMock.on(TransactWriteCommand).resolves({});
        const parsed = ReserveInventoryInputSchema.parse(input);
        const result = await handler(input, fakeContext('reserveInventory'));
        const skus = new Set(parsed.items.map((line) => line.sku));
        expect(result).toMatchObject({ orderId: parsed.orderId, status: 'RESERVED' });
        expect((result as { lines: unknown[] }).lines).toHaveLength(skus.size);
        expect(documentClientMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
