/**
 * The SNS notification CloudWatch sends when an alarm changes state: the Subject
 * `ALARM: "<name>" in <Region name>` and a JSON Message with AlarmName, AlarmDescription,
 * AWSAccountId, NewStateValue, NewStateReason ("Threshold Crossed: …"), StateChangeTime
 * (`2026-12-07T18:00:00.000+0000`), Region, AlarmArn, OldStateValue, the actions and the Trigger
 * (the metric, its statistic in capitals, period, threshold…), as "Using Amazon CloudWatch alarms"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html) shows
 * it reaching a topic's subscribers.
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** An alarm on an SQS queue's ApproximateNumberOfMessagesVisible, as declared. */
export interface QueueAlarm {
  name: string;
  arn: string;
  description?: string;
  queueName: string;
  statistic: string;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: string;
  treatMissingData: string;
  /** SNS topic ARNs. */
  alarmActions: string[];
  okActions: string[];
}

export interface StateChange {
  alarm: QueueAlarm;
  previous: AlarmState;
  next: AlarmState;
  /** The datapoints evaluated, oldest first. */
  recent: { value: number; at: Date }[];
  /** How many of them breach. */
  breaching: number;
  at: Date;
}

/** The regions' names as CloudWatch writes them in a notification (the code itself for others). */
const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-north-1': 'EU (Stockholm)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

const PHRASES: Record<string, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const regionOf = (arn: string): string => arn.split(':')[3] ?? '';
const regionName = (arn: string): string => REGION_NAMES[regionOf(arn)] ?? regionOf(arn);
const decimal = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value));
const two = (n: number): string => String(n).padStart(2, '0');
/** `dd/MM/yy HH:mm:ss`, UTC, as the reason lists a datapoint. */
const datapointTime = (at: Date): string =>
  `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCFullYear() % 100)} ` +
  `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;

/** "Threshold Crossed: …", newest datapoint first. */
export function stateReason({ alarm, previous, next, recent, breaching }: StateChange): string {
  const points = [...recent]
    .reverse()
    .map((d) => `${decimal(d.value)} (${datapointTime(d.at)})`)
    .join(', ');
  const phrase = PHRASES[alarm.comparison] ?? alarm.comparison;
  const threshold = decimal(alarm.threshold);
  if (next === 'ALARM') {
    const from = previous === 'INSUFFICIENT_DATA' ? 'INSUFFICIENT_DATA' : 'OK';
    const minimum = `${alarm.datapointsToAlarm} datapoint${alarm.datapointsToAlarm === 1 ? '' : 's'}`;
    return (
      `Threshold Crossed: ${breaching} out of the last ${recent.length} datapoints [${points}] was ${phrase} ` +
      `the threshold (${threshold}) (minimum ${minimum} for ${from} -> ALARM transition).`
    );
  }
  return `Threshold Crossed: ${recent.length} datapoint${recent.length === 1 ? '' : 's'} [${points}] was not ${phrase} the threshold (${threshold}).`;
}

/** SNS allows a Subject of at most 100 characters. */
export const alarmSubject = ({ alarm, next }: StateChange): string =>
  `${next}: "${alarm.name}" in ${regionName(alarm.arn)}`.slice(0, 100);

export function alarmMessage(change: StateChange): string {
  const { alarm, previous, next, at } = change;
  return JSON.stringify({
    AlarmName: alarm.name,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: alarm.arn.split(':')[4] ?? '',
    NewStateValue: next,
    NewStateReason: stateReason(change),
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Region: regionName(alarm.arn),
    AlarmArn: alarm.arn,
    OldStateValue: previous,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      StatisticType: 'Statistic',
      Statistic: alarm.statistic.toUpperCase(),
      Unit: null,
      Dimensions: [{ value: alarm.queueName, name: 'QueueName' }],
      Period: alarm.periodSeconds,
      EvaluationPeriods: alarm.evaluationPeriods,
      DatapointsToAlarm: alarm.datapointsToAlarm,
      ComparisonOperator: alarm.comparison,
      Threshold: alarm.threshold,
      TreatMissingData: alarm.treatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  });
}
