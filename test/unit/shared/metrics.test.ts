import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceLogger } from '../../../services/shared/logger';
import { METRICS_NAMESPACE, recordMetrics, serviceMetrics } from '../../../services/shared/metrics';
import { captureOutput, metricsOf, type CapturedOutput } from './output';

// The test setup turns metrics off for every test; these tests are about their output.
const disabledByDefault = process.env.POWERTOOLS_METRICS_DISABLED;
beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});
afterAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = disabledByDefault;
});

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

describe('serviceMetrics', () => {
  it('creates one Metrics instance per service, in the OrderProcessing namespace', () => {
    const metrics = serviceMetrics('metrics-test');
    expect(metrics).toBeInstanceOf(Metrics);
    expect(serviceMetrics('metrics-test')).toBe(metrics);
    expect(serviceMetrics('other-service')).not.toBe(metrics);

    metrics.addMetric('Probe', 'Count', 1);
    metrics.publishStoredMetrics();
    const [document] = output.emf();
    expect(document?._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
    expect(METRICS_NAMESPACE).toBe('OrderProcessing');
    expect(document?.service).toBe('metrics-test');
  });
});

// `publishStoredMetrics` is the flush: what Powertools' logMetrics calls when an invocation ends.
describe('recordMetrics and the flush', () => {
  it('buffers counts without dimensions until the flush, as one EMF document with the service dimension', () => {
    const metrics = serviceMetrics('buffered');
    recordMetrics(metrics, [{ name: 'OrdersCompleted' }, { name: 'CompensationFailures', value: 2 }]);
    expect(output.emf()).toHaveLength(0);

    metrics.publishStoredMetrics();
    const documents = output.emf();
    expect(documents).toHaveLength(1);
    expect(documents[0]?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'OrderProcessing',
      Dimensions: [['service']],
      Metrics: [
        { Name: 'OrdersCompleted', Unit: 'Count' },
        { Name: 'CompensationFailures', Unit: 'Count' },
      ],
    });
    expect(metricsOf(documents)).toEqual([
      { name: 'OrdersCompleted', value: 1, dimensions: { service: 'buffered' } },
      { name: 'CompensationFailures', value: 2, dimensions: { service: 'buffered' } },
    ]);
  });

  it('publishes a count with dimensions of its own at once, in its own document, leaving the buffer alone', () => {
    const metrics = serviceMetrics('dimensioned');
    recordMetrics(metrics, [
      { name: 'OrdersCancelled', dimensions: { reason: 'OutOfStock' } },
      { name: 'CompensationFailures' },
    ]);
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'dimensioned', reason: 'OutOfStock' } },
    ]);

    metrics.publishStoredMetrics();
    expect(metricsOf(output.emf())).toEqual([
      { name: 'OrdersCancelled', value: 1, dimensions: { service: 'dimensioned', reason: 'OutOfStock' } },
      { name: 'CompensationFailures', value: 1, dimensions: { service: 'dimensioned' } },
    ]);
  });

  it('writes nothing at all, not even a warning, when nothing was recorded', () => {
    // The tests run SILENT: the service's logger at WARN would print Powertools' warning if it got it.
    serviceLogger('quiet').setLogLevel('WARN');
    const metrics = serviceMetrics('quiet');
    metrics.publishStoredMetrics();
    expect(output.text()).toBe('');
  });

  it('flushes once: a second flush has nothing left to publish', () => {
    const metrics = serviceMetrics('once');
    recordMetrics(metrics, [{ name: 'OrdersCompleted' }]);
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();
    expect(output.emf()).toHaveLength(1);
    expect(
      output
        .text()
        .split('\n')
        .filter((line) => line !== ''),
    ).toHaveLength(1);
  });

  it("logs Powertools' other warnings as the service's WARN lines", () => {
    serviceLogger('warned').setLogLevel('WARN');
    const metrics = serviceMetrics('warned');
    metrics.addDimension('reason', '');
    expect(output.logs()).toEqual([
      expect.objectContaining({ level: 'WARN', service: 'warned', message: expect.stringContaining('reason') }),
    ]);
  });

  it('takes the namespace from POWERTOOLS_METRICS_NAMESPACE when it is set', () => {
    process.env.POWERTOOLS_METRICS_NAMESPACE = 'OrderProcessing/prod';
    try {
      const metrics = serviceMetrics('namespaced');
      recordMetrics(metrics, [{ name: 'OrdersCompleted' }]);
      metrics.publishStoredMetrics();
      expect(output.emf()[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('OrderProcessing/prod');
    } finally {
      delete process.env.POWERTOOLS_METRICS_NAMESPACE;
    }
  });

  it('emits nothing when POWERTOOLS_METRICS_DISABLED is true (tests, the offline runtime)', () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    try {
      const metrics = serviceMetrics('disabled');
      recordMetrics(metrics, [
        { name: 'OrdersCompleted' },
        { name: 'OrdersCancelled', dimensions: { reason: 'Other' } },
      ]);
      metrics.publishStoredMetrics();
      expect(output.text()).toBe('');
      expect(metrics.hasStoredMetrics()).toBe(false);
    } finally {
      process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    }
  });
});
