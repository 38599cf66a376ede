import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { NotifyCustomerEventSchema } from '../../../services/notification/schemas';
import { eventCases } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

process.env.NOTIFICATIONS_TABLE = 'notifications-test';

type Handler = typeof import('../../../services/notification/handlers/notifyCustomer').handler;
let handler: Handler;
beforeAll(async () => {
  ({ handler } = await import('../../../services/notification/handlers/notifyCustomer'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

describe('events/notifyCustomer', () => {
  const cases = eventCases('notifyCustomer');
  const valid = cases.filter((c) => c.name.startsWith('valid'));
  const invalid = cases.filter((c) => c.name.startsWith('invalid-'));

  it('has a valid case per event type and invalid cases', () => {
    expect(valid.map((c) => c.name).sort()).toEqual([
      'valid-order-cancelled',
      'valid-order-completed',
      'valid-review-requested',
    ]);
    expect(invalid.length).toBeGreaterThanOrEqual(3);
    expect(cases).toHaveLength(valid.length + invalid.length);
  });

  it.each(valid.map((c) => [c.name, c.event] as const))('%s parses and is delivered once', async (_case, event) => {
    expect(NotifyCustomerEventSchema.safeParse(event).success).toBe(true);
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    await expect(handler(event, fakeContext())).resolves.toEqual({ delivered: 1, duplicates: 0 });
  });

  it.each(invalid.map((c) => [c.name, c.event] as const))(
    '%s is rejected with a ValidationError and writes nothing',
    async (_case, event) => {
      expect(NotifyCustomerEventSchema.safeParse(event).success).toBe(false);
      await expect(handler(event, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );
});
