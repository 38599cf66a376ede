/**
 * CloudWatch alarms on an SQS queue's depth, evaluated offline: the `AWS::CloudWatch::Alarm`
 * resources serverless.yml declares on `AWS/SQS` `ApproximateNumberOfMessagesVisible` of one of the
 * project's queues (the usual "a dead-letter queue is not empty" alarm). Each evaluation takes the
 * queue's visible messages as the period's datapoint; the alarm is in ALARM when `DatapointsToAlarm`
 * (default `EvaluationPeriods`) of the last `EvaluationPeriods` datapoints breach the threshold,
 * else OK; a change of state notifies the SNS topics of its `AlarmActions` or `OKActions` with
 * CloudWatch's notification (its Subject and JSON Message: AlarmName, NewStateValue,
 * NewStateReason, Trigger…) — "Using Amazon CloudWatch alarms"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html) and
 * "AWS::CloudWatch::Alarm" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html).
 *
 * Offline an evaluation runs every `intervalMs` (default 1 s), not once per `Period`: the
 * notification comes within a second of the message, where AWS takes a period or more. Alarms on
 * other metrics (Lambda's, Step Functions', custom metrics, metric math) are not evaluated offline:
 * `notEvaluated` names them and why (packages/offline-aws/docs/fidelity.md).
 */
import { resolveIntrinsics } from '../serverless/cloudformation';
import { resourcesOfType, type Json, type ServerlessConfig } from '../serverless/config';
import { alarmMessage, alarmSubject, type AlarmState, type QueueAlarm } from './notification';

export type { AlarmState, QueueAlarm } from './notification';

const COMPARISONS: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

const topicArns = (config: ServerlessConfig, actions: Json | undefined): string[] =>
  (Array.isArray(actions) ? actions : []).map((action) => String(resolveIntrinsics(config, action)));

/** The alarms of serverless.yml: those evaluated offline, and the others by name with the reason. */
export function queueAlarms(
  config: ServerlessConfig,
  queueNames: ReadonlySet<string>,
): { evaluated: QueueAlarm[]; notEvaluated: { name: string; why: string }[] } {
  const evaluated: QueueAlarm[] = [];
  const notEvaluated: { name: string; why: string }[] = [];
  for (const [logicalId, resource] of resourcesOfType(config, 'AWS::CloudWatch::Alarm')) {
    const p = isObject(resource.Properties) ? resource.Properties : {};
    const name = String(resolveIntrinsics(config, p.AlarmName ?? logicalId));
    const dimensions = Array.isArray(p.Dimensions) ? p.Dimensions.filter(isObject) : [];
    const queue = dimensions.find((d) => d.Name === 'QueueName');
    const queueName = queue ? String(resolveIntrinsics(config, queue.Value ?? '')) : '';
    const why =
      p.Namespace !== 'AWS/SQS' || p.MetricName !== 'ApproximateNumberOfMessagesVisible'
        ? `its metric (${String(p.Namespace ?? 'metric math')} ${String(p.MetricName ?? '')}) is not emulated offline`
        : dimensions.length !== 1 || !queueNames.has(queueName)
          ? 'its QueueName is not one of the project’s queues'
          : !(String(p.ComparisonOperator) in COMPARISONS)
            ? `its ComparisonOperator ${String(p.ComparisonOperator)} compares with an anomaly band`
            : [...topicArns(config, p.AlarmActions), ...topicArns(config, p.OKActions)].some(
                  (arn) => !arn.startsWith('arn:aws:sns:'),
                )
              ? 'an action is not an SNS topic'
              : undefined;
    if (why) {
      notEvaluated.push({ name, why });
      continue;
    }
    const evaluationPeriods = Number(p.EvaluationPeriods ?? 1);
    evaluated.push({
      name,
      arn: `arn:aws:cloudwatch:${config.region}:${config.accountId}:alarm:${name}`,
      ...(typeof p.AlarmDescription === 'string' ? { description: p.AlarmDescription } : {}),
      queueName,
      statistic: String(p.Statistic ?? 'Maximum'),
      periodSeconds: Number(p.Period ?? 60),
      evaluationPeriods,
      datapointsToAlarm: Number(p.DatapointsToAlarm ?? evaluationPeriods),
      threshold: Number(p.Threshold ?? 0),
      comparison: String(p.ComparisonOperator),
      treatMissingData: String(p.TreatMissingData ?? 'missing'),
      alarmActions: p.ActionsEnabled === false ? [] : topicArns(config, p.AlarmActions),
      okActions: p.ActionsEnabled === false ? [] : topicArns(config, p.OKActions),
    });
  }
  return { evaluated, notEvaluated };
}

export interface QueueAlarmDeps {
  /** The queue's visible messages now (ApproximateNumberOfMessagesVisible). */
  visibleMessages(queueName: string): number;
  /** Publishes to an SNS topic of the project. */
  publish(topicArn: string, subject: string, message: string): Promise<void>;
  print(line: string): void;
  /** ms between evaluations (default 1000). */
  intervalMs?: number;
}

export interface QueueAlarms {
  readonly alarms: readonly QueueAlarm[];
  /** Each alarm's state now. */
  state(name: string): AlarmState | undefined;
  /** Evaluates every alarm once (also done every `intervalMs`); resolves once its notifications are sent. */
  evaluate(): Promise<void>;
  stop(): void;
}

/** Starts evaluating the alarms (INSUFFICIENT_DATA until their first datapoint, as on AWS). */
export function startQueueAlarms(alarms: readonly QueueAlarm[], deps: QueueAlarmDeps): QueueAlarms {
  const states = new Map<string, AlarmState>(alarms.map((alarm) => [alarm.name, 'INSUFFICIENT_DATA']));
  const datapoints = new Map<string, { value: number; at: Date }[]>(alarms.map((alarm) => [alarm.name, []]));
  let running: Promise<void> = Promise.resolve();

  const evaluateOne = async (alarm: QueueAlarm): Promise<void> => {
    const recent = datapoints.get(alarm.name) ?? [];
    recent.push({ value: deps.visibleMessages(alarm.queueName), at: new Date() });
    recent.splice(0, Math.max(0, recent.length - alarm.evaluationPeriods));
    const compare = COMPARISONS[alarm.comparison] ?? (() => false);
    const breaching = recent.filter((d) => compare(d.value, alarm.threshold)).length;
    const next: AlarmState = breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
    const previous = states.get(alarm.name) ?? 'INSUFFICIENT_DATA';
    if (next === previous) return;
    states.set(alarm.name, next);
    const change = { alarm, previous, next, recent, breaching, at: new Date() };
    const topics = next === 'ALARM' ? alarm.alarmActions : alarm.okActions;
    if (next === 'ALARM') deps.print(`[alarm] ${alarm.name}: ALARM (${alarm.queueName} holds ${recent.at(-1)?.value})`);
    for (const topicArn of topics) {
      await deps.publish(topicArn, alarmSubject(change), alarmMessage(change)).catch((error: unknown) => {
        deps.print(`[alarm] ${alarm.name}: notifying ${topicArn} failed: ${String(error)}`);
      });
    }
  };
  const evaluate = (): Promise<void> => {
    running = running.then(async () => {
      for (const alarm of alarms) {
        // A failed evaluation (the emulator stopping) is the stack's to say, never a crash.
        await evaluateOne(alarm).catch((error: unknown) => deps.print(`[alarm] ${alarm.name}: ${String(error)}`));
      }
    });
    return running;
  };
  const timer = alarms.length > 0 ? setInterval(() => void evaluate(), deps.intervalMs ?? 1000) : undefined;
  timer?.unref();
  return {
    alarms,
    state: (name) => states.get(name),
    evaluate,
    stop: () => clearInterval(timer),
  };
}
