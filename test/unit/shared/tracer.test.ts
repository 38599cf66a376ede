import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureAwsClient, processTracer } from '../../../services/shared/tracer';

describe('processTracer', () => {
  it('is one Tracer per process, named by its first caller', () => {
    const tracer = processTracer('orders');
    expect(tracer).toBeInstanceOf(Tracer);
    expect(processTracer('payment')).toBe(tracer);
    expect(processTracer()).toBe(tracer);
  });

  it('is inert outside Lambda: tracing is off and annotations are no-ops', () => {
    const tracer = processTracer();
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(() => tracer.putAnnotation('orderId', 'ord_x')).not.toThrow();
  });
});

describe('captureAwsClient', () => {
  it('returns the client itself, without X-Ray middleware, when tracing is off', () => {
    const client = new DynamoDBClient({ region: 'eu-west-1' });
    const before = client.middlewareStack.identify();
    expect(captureAwsClient(client)).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(before);
    client.destroy();
  });
});
