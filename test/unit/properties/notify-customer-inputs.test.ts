/**
 * Bad SNS deliveries to notifyCustomer: a malformed order event inside a well-formed SNS event, and
 * malformed SNS events, are answered with a `ValidationError` and nothing is written or sent.
 */
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { NotifyCustomerEventSchema } from '../../../services/notification/schemas';
import {
  expectValidationError,
  malformedCases,
  malformedInput,
  malformedMessageEventArb,
  malformedMessageEventCases,
  notifyCustomerEvent,
  rejectionOf,
} from '../../support/arbitraries';
import { fakeContext } from '../../support/lambda-context';
import {
  assertEveryCase,
  expectNoAwsCommands,
  NUM_RUNS,
  onInput,
  resetAwsMocks,
  setServiceEnvironment,
} from './harness';

setServiceEnvironment();

let handler: (event: unknown, context: Context) => Promise<unknown>;
beforeAll(async () => {
  ({ handler } = await import('../../../services/notification/handlers/notifyCustomer'));
});
beforeEach(() => resetAwsMocks());

const rejectsWithoutSideEffects = async (event: unknown) => {
  expectValidationError(await rejectionOf(handler(event, fakeContext('notifyCustomer'))));
  expectNoAwsCommands();
};

describe('notifyCustomer', () => {
  it(`answers ${NUM_RUNS} well-formed SNS events carrying a malformed message with a ValidationError`, async () => {
    await fc.assert(fc.asyncProperty(malformedMessageEventArb, onInput(rejectsWithoutSideEffects)), {
      numRuns: NUM_RUNS,
    });
  });

  it(`answers ${NUM_RUNS} malformed SNS events with a ValidationError`, async () => {
    await fc.assert(fc.asyncProperty(malformedInput(notifyCustomerEvent), onInput(rejectsWithoutSideEffects)), {
      numRuns: NUM_RUNS,
    });
  });

  it('refuses every documented limit and format of the message and the event, each one separately', async () => {
    await assertEveryCase(malformedMessageEventCases, rejectsWithoutSideEffects);
    await assertEveryCase(malformedCases(notifyCustomerEvent), rejectsWithoutSideEffects);
  });

  it('accepts the valid SNS events it is given (the schema is not over-strict)', () => {
    fc.assert(
      fc.property(notifyCustomerEvent.valid, (event) => {
        expect(NotifyCustomerEventSchema.safeParse(event)).toMatchObject({ success: true });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
