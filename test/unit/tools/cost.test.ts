/** What one order costs at list prices. */
import { orderCost, type Prices } from 'offline-aws/cost/model';

describe('orderCost', () => {
  const prices: Prices = {
    asOf: '2026-01-01',
    region: 'us-east-1',
    currency: 'USD',
    source: 'test',
    stepFunctionsStandardPerStateTransition: 0.000025,
    stepFunctionsExpressPerRequest: 0.000001,
    stepFunctionsExpressPerGbHour: 0.06,
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
        expressRequests: 0,
        expressBilledMs: 0,
        expressMemoryMb: 64,
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

  it('adds Express children: $1.00 per million requests, and 64 MB × duration rounded up to 100 ms', () => {
    const usage = { lambdaInvocations: 0, lambdaMs: 0, lambdaMemoryMb: 512, dynamoDbRequests: 0 };
    const none = { readUnits: 0, writeUnits: 0, snsPublishes: 0 };
    const cost = orderCost(
      { ...usage, ...none, transitions: 7, expressRequests: 3, expressBilledMs: 300, expressMemoryMb: 64 },
      prices,
    );
    expect(cost.stepFunctionsStandard).toBeCloseTo(7 * 0.000025, 12);
    // 0.3 s × 1/16 GB = 0.01875 GB-s = 0.00000520833 GB-h, at $0.06 per GB-hour.
    expect(cost.stepFunctionsExpress).toBeCloseTo(3 * 0.000001 + (0.3 / 3600 / 16) * 0.06, 14);
    expect(cost.stepFunctions).toBeCloseTo(cost.stepFunctionsStandard + cost.stepFunctionsExpress, 14);
    expect(cost.stepFunctions).toBeLessThanOrEqual(0.00018);
  });
});
