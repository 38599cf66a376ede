/**
 * The EventBridge rules read from serverless.yml (src/events/rules.ts): "AWS::Events::Rule"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html),
 * RetryPolicy (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html) and
 * osls's `eventBridge` function event; what the stack cannot honour is refused by name.
 */
import { DEFAULT_RETRY_POLICY, eventRules } from '../../src/events/rules';
import type { CfnResource, Json, ServerlessConfig } from '../../src/serverless/config';
import { testConfig } from '../support/config';

function config(resources: Record<string, CfnResource>, events: Json[] = []): ServerlessConfig {
  return testConfig({ Dead: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'svc-dead' } }, ...resources }, {
    listener: { name: 'listener', handler: 'h.handler', events, environment: {} },
  } as unknown as ServerlessConfig['functions']);
}

const rule = (properties: Record<string, Json>): CfnResource =>
  ({ Type: 'AWS::Events::Rule', Properties: properties }) as CfnResource;
const target = (extra: Record<string, Json> = {}): Json => ({
  Id: 't',
  Arn: { 'Fn::GetAtt': ['ListenerLambdaFunction', 'Arn'] },
  ...extra,
});
const pattern = { source: ['aws.states'] };

describe('AWS::Events::Rule resources', () => {
  it('reads the pattern, the function target, its RetryPolicy and DeadLetterConfig', () => {
    const [read] = eventRules(
      config({
        OnStates: rule({
          Name: 'on-states',
          EventPattern: pattern,
          Targets: [
            target({
              RetryPolicy: { MaximumRetryAttempts: 3 },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Dead', 'Arn'] } },
            }),
          ],
        }),
      }),
    );
    expect(read).toMatchObject({ name: 'on-states', arn: 'arn:aws:events:eu-west-1:000000000000:rule/on-states' });
    expect(read?.targets).toEqual([
      {
        arn: 'arn:aws:lambda:eu-west-1:000000000000:function:svc-dev-listener',
        functionName: 'listener',
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 86_400 },
        deadLetterQueue: { name: 'svc-dead', arn: 'arn:aws:sqs:eu-west-1:000000000000:svc-dead' },
      },
    ]);
    expect(read?.matches({ source: 'aws.states' })).toBe(true);
  });

  it('leaves out disabled rules, rules on another bus and schedule-only rules', () => {
    const rules = eventRules(
      config({
        Disabled: rule({ EventPattern: pattern, State: 'DISABLED', Targets: [target()] }),
        OtherBus: rule({ EventPattern: pattern, EventBusName: 'orders', Targets: [target()] }),
        Scheduled: rule({ ScheduleExpression: 'rate(1 hour)', Targets: [target()] }),
        DefaultBus: rule({ EventPattern: pattern, EventBusName: 'default', Targets: [target()] }),
      }),
    );
    expect(rules.map((r) => r.name)).toEqual(['svc-dev-DefaultBus']);
  });

  it('refuses by name what is not emulated: other targets, Input transforms, a foreign DLQ, a bad policy or pattern', () => {
    const refused = (properties: Record<string, Json>) => () => eventRules(config({ R: rule(properties) }));
    expect(
      refused({ EventPattern: pattern, Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }] }),
    ).toThrow(/resources\.R\.Targets\[0\]: only Lambda function targets/);
    expect(refused({ EventPattern: pattern, Targets: [target({ InputPath: '$.detail' })] })).toThrow(
      /InputPath is not emulated offline/,
    );
    expect(
      refused({
        EventPattern: pattern,
        Targets: [target({ DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:1:other' } })],
      }),
    ).toThrow(/dead-letter queue other is not a queue of this service/);
    expect(
      refused({ EventPattern: pattern, Targets: [target({ RetryPolicy: { MaximumRetryAttempts: 186 } })] }),
    ).toThrow(/MaximumRetryAttempts must be an integer from 0 to 185/);
    expect(
      refused({ EventPattern: pattern, Targets: [target({ RetryPolicy: { MaximumEventAgeInSeconds: 59 } })] }),
    ).toThrow(/MaximumEventAgeInSeconds must be an integer from 60 to 86400/);
    expect(refused({ EventPattern: { source: 'aws.states' }, Targets: [target()] })).toThrow(/resources\.R\.source/);
  });

  it('keeps a target naming a function the service does not have (its deliveries fail with NO_RESOURCE)', () => {
    const [read] = eventRules(
      config({
        R: rule({
          EventPattern: pattern,
          Targets: [{ Id: 'g', Arn: 'arn:aws:lambda:eu-west-1:000000000000:function:gone' }],
        }),
      }),
    );
    expect(read?.targets[0]).toMatchObject({ functionName: undefined, retryPolicy: DEFAULT_RETRY_POLICY });
  });
});

describe("a function's eventBridge event (osls)", () => {
  it('is a rule named after the function and its position, targeting the function', () => {
    const [read] = eventRules(
      config({}, [
        { http: 'GET /' },
        {
          eventBridge: {
            pattern,
            retryPolicy: { maximumRetryAttempts: 1, maximumEventAge: 120 },
            deadLetterQueueArn: { 'Fn::GetAtt': ['Dead', 'Arn'] },
          },
        },
      ]),
    );
    expect(read).toMatchObject({ name: 'svc-dev-listener-rule-2', where: 'functions.listener.events[1].eventBridge' });
    expect(read?.targets[0]).toMatchObject({
      functionName: 'listener',
      retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeSeconds: 120 },
      deadLetterQueue: { name: 'svc-dead' },
    });
  });

  it('resolves intrinsics in the pattern, as CloudFormation does (a queue’s ARN by Fn::GetAtt)', () => {
    const [read] = eventRules(
      config({}, [
        { eventBridge: { pattern: { source: ['aws.states'], resources: [{ 'Fn::GetAtt': ['Dead', 'Arn'] }] } } },
      ]),
    );
    const event = (resource: string) => ({ source: 'aws.states', resources: [resource] });
    expect(read?.matches(event('arn:aws:sqs:eu-west-1:000000000000:svc-dead'))).toBe(true);
    expect(read?.matches(event('arn:aws:sqs:eu-west-1:000000000000:other'))).toBe(false);
  });

  it('leaves out disabled and schedule events, refuses input transforms', () => {
    expect(
      eventRules(
        config({}, [{ eventBridge: { pattern, enabled: false } }, { eventBridge: { schedule: 'rate(1 hour)' } }]),
      ),
    ).toEqual([]);
    expect(() =>
      eventRules(config({}, [{ eventBridge: { pattern, inputTransformer: { inputTemplate: '{}' } } }])),
    ).toThrow(/functions\.listener\.events\[0\]\.eventBridge: inputTransformer is not emulated offline/);
  });
});
