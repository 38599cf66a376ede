/** What one order costs at list prices. */
import { orderCost, type Prices } from 'offline-aws/cost/model';

describe('orderCost', () => {
  const prices: Prices = {
    asOf: '2026-01-01',
    region: 'us-east-1',
    currency: 'USD',
    source: 'test',
    stepFunctionsStandardPerStateTransition: 0.000025,
    lambdaPerRequest: 0.0000002,
    lambdaArm64PerGbSecond: 0.0000133334,
    dynamoDbPerWriteRequestUnit: 0.000000625,
    dynamoDbPerReadRequestUnit: 0.000000125,
    snsPerPublish: 0.0000005,
    sqsPerRequest: 0.0000004,
  };

  it('adds up transitions, invocations, GB-seconds, request units and publishes', () => {
    const cost = orderCost(
      {
        transitions: 12,
        lambdaInvocations: 10,
        lambdaMs: 1000,
        lambdaMemoryMb: 512,
        dynamoDbRequests: 20,
        readUnits: 10,
        writeUnits: 16,
        snsPublishes: 1,
      },
      prices,
    );
    expect(cost.stepFunctions).toBeCloseTo(0.0003, 10);
    expect(cost.lambda).toBeCloseTo(10 * 0.0000002 + 0.5 * 0.0000133334, 12);
    expect(cost.dynamoDb).toBeCloseTo(10 * 0.000000125 + 16 * 0.000000625, 12);
    expect(cost.total).toBeCloseTo(cost.stepFunctions + cost.lambda + cost.dynamoDb + cost.sns, 12);
  });
});
