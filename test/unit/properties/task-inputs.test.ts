/**
 * Bad input to every Step Functions Task function: generated malformed inputs are answered with a
 * `ValidationError` carrying the zod issues, never another error, and no AWS command is sent.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { loadServices, taskFunctions } from '../../../tools/offline/services';
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
  onInput,
  resetAwsMocks,
  setServiceEnvironment,
} from './harness';

setServiceEnvironment();

type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const config = loadServerlessConfig();
/** The handler serverless.yml names for a function (`services/<svc>/handlers/<file>.<export>`). */
async function handlerOf(functionName: string): Promise<TaskHandler> {
  const path = config.functions[functionName]?.handler ?? '';
  const dot = path.lastIndexOf('.');
  const module = (await import(resolve(path.slice(0, dot)))) as Record<string, TaskHandler>;
  return module[path.slice(dot + 1)] as TaskHandler;
}

beforeEach(() => resetAwsMocks());

const functions = Object.keys(taskInputs) as TaskFunction[];

it('has an input spec for every Task function the services declare', async () => {
  const declared = taskFunctions(await loadServices()).map((t) => t.name);
  const missing = declared.filter((name) => !(name in taskInputs));
  // A new Task function needs its valid-input arbitrary and field list in test/support/arbitraries.ts.
  expect(missing).toEqual([]);
  expect([...functions].sort()).toEqual([...declared].sort());
});

it('parses with the schema the service declares', async () => {
  for (const { name, task } of taskFunctions(await loadServices())) {
    expect(taskInputs[name as TaskFunction]?.schema).toBe(task.input);
  }
});

describe.each(functions)('%s', (functionName) => {
  const rejectsWithoutSideEffects = async (input: unknown) => {
    const handler = await handlerOf(functionName);
    expectValidationError(await rejectionOf(handler(input, fakeContext(functionName))));
    expectNoAwsCommands();
  };

  it(`answers ${NUM_RUNS} malformed inputs with a ValidationError and sends nothing`, async () => {
    await fc.assert(fc.asyncProperty(malformedInput(taskInputs[functionName]), onInput(rejectsWithoutSideEffects)), {
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
    const handler = await handlerOf('reserveInventory');
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
