import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The CloudWatch namespace of every metric of this application. POWERTOOLS_METRICS_NAMESPACE, when
 * set (e.g. to keep the stages of one account apart), replaces it.
 */
export const METRICS_NAMESPACE = 'OrderProcessing';

/**
 * One Powertools Metrics instance per service, created once per process (like `serviceLogger`).
 * Metrics leave the function as CloudWatch embedded metric format (EMF) lines in its log: no
 * CloudWatch API call and no IAM permission. Every metric has the dimension `service`.
 * POWERTOOLS_METRICS_DISABLED=true (set for the tests) keeps them out of the output.
 */
const instances = new Map<string, Metrics>();

export function serviceMetrics(serviceName: string): Metrics {
  let metrics = instances.get(serviceName);
  if (!metrics) {
    metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE, serviceName });
    instances.set(serviceName, metrics);
  }
  return metrics;
}

/** A count to record, with the dimensions it has besides `service`. */
export interface MetricPoint {
  name: string;
  dimensions?: Readonly<Record<string, string>>;
  /** Default 1. */
  value?: number;
}

/**
 * Records counts. Points without dimensions of their own are buffered and leave with the
 * invocation's flush (`flushMetrics`, done by the handler wrappers). EMF dimensions belong to a
 * whole log document, so a point with dimensions of its own is published at once as a document
 * of its own (Powertools' single metric): it does not impose its dimensions on the others.
 */
export function recordMetrics(metrics: Metrics, points: readonly MetricPoint[]): void {
  for (const { name, dimensions = {}, value = 1 } of points) {
    const entries = Object.entries(dimensions);
    if (entries.length === 0) {
      metrics.addMetric(name, MetricUnit.Count, value);
      continue;
    }
    const single = metrics.singleMetric();
    for (const [dimension, dimensionValue] of entries) single.addDimension(dimension, dimensionValue);
    single.addMetric(name, MetricUnit.Count, value);
  }
}

/**
 * Publishes the buffered metrics, once per invocation. Nothing is written when nothing was
 * recorded: Powertools would otherwise log a warning on every invocation without metrics.
 */
export function flushMetrics(metrics: Metrics | undefined): void {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
}
