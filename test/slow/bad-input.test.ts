/**
 * Bad input through the real handlers on the embedded stack (DynamoDB Local, the SNS/SQS emulator
 * and the state machine runner): for every entry point, generated malformed inputs are answered with
 * a clear validation error (HTTP 400/413, or a ValidationError naming its issues), never a 500
 * or another error, and no table changes, no execution starts, nothing is published.
 * The fast, larger runs are in test/unit/properties/ (npm test); these are fewer, against the real
 * stack, in `npm run test:slow`.
 */
import fc from 'fast-check';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Runtime } from 'offline-aws/runtime';
import {
  type BrokenInput,
  expectedStatus,
  expectHttpRejection,
  expectInvokedValidationError,
  httpEvent,
  httpRoutes,
  jsonRoundTrip,
  malformedInput,
  malformedMessageEventArb,
  notifyCustomerEvent,
  rejectionOf,
  taskInputs,
  type TaskFunction,
} from '../support/arbitraries';
import { startTestRuntime } from '../support/runtime';
import { changes, snapshotTables } from '../support/tables';

/** Generated inputs per entry point (the unit property tests run 100 each in npm test, without the stack). */
const RUNS = 50;

let runtime: Runtime;
let tablesAtStart: string[];
beforeAll(async () => {
  runtime = await startTestRuntime();
  tablesAtStart = await snapshotTables(runtime.stack);
}, 240_000);
afterAll(() => runtime.stop());

/**
 * Runs `check` on `RUNS` generated inputs, proving after each one that no execution started and
 * nothing was published, and after all of them that no table changed (one scan of every table per
 * entry point: a scan after each input cost more than the rest of the file). A write would stay in
 * the tables, and the changes name the item, so the offending input is still found.
 */
async function assertNoSideEffects<T>(
  arbitrary: fc.Arbitrary<BrokenInput<T>>,
  check: (input: T) => Promise<void>,
): Promise<void> {
  const before = await snapshotTables(runtime.stack);
  const executions = runtime.runner.listExecutions().length;
  await fc.assert(
    // a failure prints the BrokenInput: the field, the mutation and the value
    fc.asyncProperty(arbitrary, async ({ input }) => {
      await check(input);
      await runtime.messaging.drain();
      expect(runtime.runner.listExecutions()).toHaveLength(executions);
      expect(runtime.messaging.deliveryFailures).toEqual([]);
    }),
    { numRuns: RUNS },
  );
  expect(changes(before, await snapshotTables(runtime.stack))).toEqual([]);
}

describe.each(Object.values(httpRoutes))('$functionName ($method $route)', (route) => {
  it(`answers ${RUNS} malformed requests with 400 or 413 and writes nothing`, async () => {
    await assertNoSideEffects(route.malformed, async (request) => {
      const result = (await runtime.invoke(route.functionName, httpEvent(route, request))) as
        APIGatewayProxyStructuredResultV2 | undefined;
      expectHttpRejection(result, expectedStatus(request));
    });
  });
});

describe.each(Object.keys(taskInputs) as TaskFunction[])('%s', (functionName) => {
  it(`answers ${RUNS} malformed inputs (as JSON, as Step Functions passes them) with a ValidationError and writes nothing`, async () => {
    await assertNoSideEffects(malformedInput(taskInputs[functionName], { json: true }), async (input) => {
      expectInvokedValidationError(await rejectionOf(runtime.invoke(functionName, jsonRoundTrip(input))));
    });
  });
});

describe('notifyCustomer', () => {
  it(`answers ${RUNS} SNS events carrying a malformed message with a ValidationError and writes nothing`, async () => {
    await assertNoSideEffects(malformedMessageEventArb, async (event) => {
      expectInvokedValidationError(await rejectionOf(runtime.invoke('notifyCustomer', event)));
    });
  });

  it(`answers ${RUNS} malformed SNS events with a ValidationError and writes nothing`, async () => {
    await assertNoSideEffects(malformedInput(notifyCustomerEvent, { json: true }), async (event) => {
      expectInvokedValidationError(await rejectionOf(runtime.invoke('notifyCustomer', jsonRoundTrip(event))));
    });
  });
});

it('left every table as seeded', async () => {
  expect(changes(tablesAtStart, await snapshotTables(runtime.stack))).toEqual([]);
});
