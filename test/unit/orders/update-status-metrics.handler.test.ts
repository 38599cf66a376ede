/**
 * The outcome metrics of updateOrderStatus, as CloudWatch would receive them (EMF lines on stdout):
 * one count per actual change, none for repeats, lost races or errors.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { OrderStatus } from '../../../services/orders/schemas';
import { fakeContext } from '../../support/lambda-context';
import { captureOutput, metricsOf, type CapturedOutput } from '../shared/output';
import { anOrder, orderId } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';
// The test setup turns metrics off; the handler's Metrics instance is created on import, below.
const disabledByDefault = process.env.POWERTOOLS_METRICS_DISABLED;
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
afterAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = disabledByDefault;
});

let handler: typeof import('../../../services/orders/handlers/updateOrderStatus').handler;
beforeAll(async () => {
  ({ handler } = await import('../../../services/orders/handlers/updateOrderStatus'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
let output: CapturedOutput;
beforeEach(() => {
  ddbMock.reset();
  output = captureOutput();
});
afterEach(() => output.restore());

const id = orderId(9);
const stored = (status: OrderStatus) => ({ pk: id, ...anOrder({ orderId: id, status }) });
const ccf = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

/** The table holds the order in `from`; the conditional update succeeds and returns it in `to`. */
function transition(from: OrderStatus, to: OrderStatus): void {
  ddbMock.on(GetCommand).resolves({ Item: stored(from) });
  ddbMock.on(UpdateCommand).resolves({ Attributes: stored(to) });
}

const invoke = (input: Record<string, unknown>) => handler({ orderId: id, ...input }, fakeContext());

describe('updateOrderStatus outcome metrics', () => {
  it('emits OrdersCompleted once when the order completes', async () => {
    transition('CONFIRMED', 'COMPLETED');
    await invoke({ status: 'COMPLETED' });
    const documents = output.emf();
    expect(documents).toHaveLength(1);
    expect(documents[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('OrderProcessing');
    expect(metricsOf(documents)).toEqual([{ name: 'OrdersCompleted', value: 1, dimensions: { service: 'orders' } }]);
  });

  it('emits OrdersCancelled with the reason when the order is cancelled', async () => {
    transition('CONFIRMED', 'CANCELLED');
    await invoke({ status: 'CANCELLED', reason: 'PaymentDeclined' });
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'orders', reason: 'PaymentDeclined' } },
    ]);
  });

  it('counts a rejection as OrdersCancelled with reason OrderRejected', async () => {
    transition('IN_REVIEW', 'REJECTED');
    await invoke({ status: 'REJECTED', reason: 'OrderRejected' });
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'orders', reason: 'OrderRejected' } },
    ]);
  });

  it('emits CompensationFailures (service dimension only) besides OrdersCancelled{CompensationFailed}', async () => {
    transition('CONFIRMED', 'CANCELLED');
    await invoke({ status: 'CANCELLED', reason: 'CompensationFailed' });
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'orders', reason: 'CompensationFailed' } },
      { name: 'CompensationFailures', value: 1, dimensions: { service: 'orders' } },
    ]);
  });

  it('maps an unknown reason to Other', async () => {
    transition('CONFIRMED', 'CANCELLED');
    await invoke({ status: 'CANCELLED', reason: 'Lambda.Unknown' });
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'orders', reason: 'Other' } },
    ]);
  });

  it('emits nothing for an idempotent repeat', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored('COMPLETED') });
    await invoke({ status: 'COMPLETED' });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(output.text()).toBe('');
  });

  it('emits nothing when a concurrent writer made the change first', async () => {
    ddbMock
      .on(GetCommand)
      .resolvesOnce({ Item: stored('CONFIRMED') })
      .resolves({ Item: stored('COMPLETED') });
    ddbMock.on(UpdateCommand).rejects(ccf());
    await expect(invoke({ status: 'COMPLETED' })).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(output.emf()).toHaveLength(0);
  });

  it('emits nothing, not even a warning, for transitions that are not outcomes', async () => {
    transition('PENDING', 'CONFIRMED');
    await invoke({ status: 'CONFIRMED' });
    expect(output.text()).toBe('');
  });

  it('emits nothing when the transition is refused, and nothing is left for the next invocation', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored('COMPLETED') });
    await expect(invoke({ status: 'CANCELLED', reason: 'OutOfStock' })).rejects.toMatchObject({
      name: 'InvalidStatusTransition',
    });
    expect(output.emf()).toHaveLength(0);

    transition('CONFIRMED', 'COMPLETED');
    await invoke({ status: 'COMPLETED' });
    expect(metricsOf(output.emf()).map((metric) => metric.name)).toEqual(['OrdersCompleted']);
  });

  it('emits nothing for invalid input, which writes nothing', async () => {
    await expect(invoke({ status: 'SHIPPED' })).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(output.text()).toBe('');
  });
});
