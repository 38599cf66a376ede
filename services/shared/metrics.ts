import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { serviceLogger } from './logger';

/**
 * The CloudWatch namespace of every metric of this application. POWERTOOLS_METRICS_NAMESPACE, when
 * set (e.g. to keep the stages of one account apart), replaces it.
 */
export const METRICS_NAMESPACE = 'OrderProcessing';

type MetricsLogger = NonNullable<MetricsOptions['logger']>;

/** How Powertools' warning for a flush without metrics begins (Metrics.publishStoredMetrics, 2.x). */
const NOTHING_TO_PUBLISH = 'No application metrics to publish';

/**
 * Where a Metrics instance writes its own warnings (an invalid metric or dimension, …): the
 * service's logger, as JSON lines at level WARN, except the warning Powertools writes whenever
 * metrics are published and none were recorded. Most invocations record none (a Task that changed
 * nothing, every HTTP request), so that warning would be a line per invocation saying nothing.
 * Passing a logger is how Powertools lets its users control these warnings (Metrics option `logger`).
 */
function withoutNothingToPublish(logger: MetricsLogger): MetricsLogger {
  return {
    debug: (...content) => logger.debug(...content),
    info: (...content) => logger.info(...content),
    warn: (...content) => {
      if (typeof content[0] === 'string' && content[0].startsWith(NOTHING_TO_PUBLISH)) return;
      logger.warn(...content);
    },
    error: (...content) => logger.error(...content),
  };
}

/**
 * One Powertools Metrics instance per service, created once per process (like `serviceLogger`).
 * Metrics leave the function as CloudWatch embedded metric format (EMF) lines in its log: no
 * CloudWatch API call and no IAM permission. Every metric has the dimension `service`.
 * POWERTOOLS_METRICS_DISABLED=true (set for the tests) keeps them out of the output.
 * Publishing writes nothing at all when nothing was recorded (see `withoutNothingToPublish`):
 * the handler wrappers publish at the end of every invocation (Powertools' `logMetrics`).
 */
const instances = new Map<string, Metrics>();

export function serviceMetrics(serviceName: string): Metrics {
  let metrics = instances.get(serviceName);
  if (!metrics) {
    metrics = new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
      serviceName,
      logger: withoutNothingToPublish(serviceLogger(serviceName)),
    });
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
 * Records counts. Points without dimensions of their own are buffered and published once, when
 * the invocation ends (Powertools' `logMetrics` in the handler wrappers' chain calls
 * `publishStoredMetrics`). EMF dimensions belong to a whole log document, so a point with
 * dimensions of its own is published at once as a document of its own (Powertools' single
 * metric): it does not impose its dimensions on the others.
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
