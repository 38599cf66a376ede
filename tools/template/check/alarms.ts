/** Alarms: on failed executions, dead-letter queues, function errors and throttles, each notifying a topic. */
import { childMachines } from './nested';
import { type Context, type Json, type TemplateResource, report } from './types';
import { asArray, isObject, ofType, referencedIds } from './resources';

interface WatchedMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, Json>;
}

function metricFrom(namespace: Json | undefined, name: Json | undefined, dimensions: Json | undefined): WatchedMetric {
  const dims: Record<string, Json> = {};
  for (const dimension of asArray(dimensions)) {
    if (isObject(dimension) && typeof dimension.Name === 'string') dims[dimension.Name] = dimension.Value ?? null;
  }
  return { namespace: String(namespace ?? ''), name: String(name ?? ''), dimensions: dims };
}

/** The metrics an alarm watches: its own metric or those of its metric-math query. */
function watchedMetrics(alarm: TemplateResource): WatchedMetric[] {
  const props = alarm.Properties ?? {};
  if (props.MetricName !== undefined) return [metricFrom(props.Namespace, props.MetricName, props.Dimensions)];
  return asArray(props.Metrics).flatMap((query) => {
    if (!isObject(query) || !isObject(query.MetricStat) || !isObject(query.MetricStat.Metric)) return [];
    const metric = query.MetricStat.Metric;
    return [metricFrom(metric.Namespace, metric.MetricName, metric.Dimensions)];
  });
}

export function checkAlarms(ctx: Context): void {
  const { resources } = ctx;
  const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
  const watched = alarms.map(([id, alarm]) => ({ id, alarm, metrics: watchedMetrics(alarm) }));
  const watches = (
    namespace: string,
    name: string,
    dimension: string,
    target: string,
    accept: (alarm: TemplateResource) => boolean = () => true,
  ) =>
    watched.some(
      ({ alarm, metrics }) =>
        accept(alarm) &&
        metrics.some(
          (metric) =>
            metric.namespace === namespace &&
            metric.name === name &&
            referencedIds(metric.dimensions[dimension]).has(target),
        ),
    );

  for (const [id, alarm] of alarms) {
    const topics = [...referencedIds(alarm.Properties?.AlarmActions)].filter(
      (ref) => resources.get(ref)?.Type === 'AWS::SNS::Topic',
    );
    if (topics.length === 0) report(ctx, 'alarm-actions', id, 'notifies no SNS topic of the template');
  }

  // A child machine's failure fails the Task of the parent that started it, which catches it: the
  // parent's executions (and their alarms) carry it. An alarm on the child's would page for every
  // declined card.
  const children = childMachines(resources);
  for (const [id, machine] of ofType(resources, 'AWS::StepFunctions::StateMachine')) {
    if (children.has(id)) continue;
    const logGroups = referencedIds(machine.Properties?.LoggingConfiguration);
    // Metrics that a metric filter derives from ExecutionFailed events of this machine's log.
    const derived = ofType(resources, 'AWS::Logs::MetricFilter').flatMap(([, filter]) => {
      const props = filter.Properties ?? {};
      const onLog = [...referencedIds(props.LogGroupName)].some((ref) => logGroups.has(ref));
      if (!onLog || !String(props.FilterPattern ?? '').includes('ExecutionFailed')) return [];
      return asArray(props.MetricTransformations)
        .filter(isObject)
        .map((t) => `${String(t.MetricNamespace)}|${String(t.MetricName)}`);
    });
    const watchesDerived = watched.some(({ metrics }) =>
      metrics.some((metric) => derived.includes(`${metric.namespace}|${metric.name}`)),
    );
    if (!watchesDerived && !watches('AWS/States', 'ExecutionsFailed', 'StateMachineArn', id)) {
      report(ctx, 'alarm-executions-failed', id, 'has no alarm on failed executions');
    }
  }

  const deadLetterTargets = new Set<string>();
  for (const [, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const policy = queue.Properties?.RedrivePolicy;
    if (isObject(policy)) for (const ref of referencedIds(policy.deadLetterTargetArn)) deadLetterTargets.add(ref);
  }
  const alarmsOnAnyMessage = (alarm: TemplateResource) => {
    const { ComparisonOperator: operator, Threshold: threshold } = alarm.Properties ?? {};
    return (
      (operator === 'GreaterThanThreshold' && threshold === 0) ||
      (operator === 'GreaterThanOrEqualToThreshold' && threshold === 1)
    );
  };
  for (const [id, queue] of ofType(resources, 'AWS::SQS::Queue')) {
    const name = String(queue.Properties?.QueueName ?? '');
    const isDeadLetter = deadLetterTargets.has(id) || /dead.?letter|dlq/i.test(`${id} ${name}`);
    if (
      isDeadLetter &&
      !watches('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', id, alarmsOnAnyMessage)
    ) {
      report(ctx, 'alarm-dead-letter-queue', id, 'is a dead-letter queue without an alarm on depth > 0');
    }
  }

  for (const [id] of ofType(resources, 'AWS::Lambda::Function')) {
    if (!watches('AWS/Lambda', 'Errors', 'FunctionName', id))
      report(ctx, 'alarm-lambda-errors', id, 'has no Errors alarm');
    if (!watches('AWS/Lambda', 'Throttles', 'FunctionName', id)) {
      report(ctx, 'alarm-lambda-throttles', id, 'has no Throttles alarm');
    }
  }
}
