/**
 * `npm run redrive` (tools/cli/redrive.ts) before it redrives anything: the stage's queue that is not
 * there, or a region that cannot be reached, is one message (a CommandError: runCli prints it alone,
 * exit 1), not the SDK's stack. Its arguments: test/unit/tools/cli-options.test.ts (parseRedriveArgs).
 */
import { QueueDoesNotExist } from '@aws-sdk/client-sqs';
import { CommandError } from '../../../tools/cli/options';
import { deadLetterQueueUrl } from '../../../tools/cli/redrive';

const WHERE = { stage: 'qa', region: 'eu-central-1' };
const answering = (answer: () => Promise<unknown>) => ({ send: jest.fn(answer) }) as never;

it("answers the queue's URL", async () => {
  await expect(
    deadLetterQueueUrl(
      answering(async () => ({ QueueUrl: 'https://sqs/q' })),
      'q',
      WHERE,
    ),
  ).resolves.toBe('https://sqs/q');
});

it('a stage without the queue: which queue, where, and how to deploy it', async () => {
  const missing = new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} });
  const failure = deadLetterQueueUrl(
    answering(async () => {
      throw missing;
    }),
    'order-processing-qa-dlq',
    WHERE,
  );
  await expect(failure).rejects.toBeInstanceOf(CommandError);
  await expect(failure).rejects.toThrow(
    'No queue order-processing-qa-dlq in eu-central-1: is the stage qa deployed in eu-central-1? (npx sls deploy --stage qa --region eu-central-1)',
  );
});

it('a region whose endpoint does not resolve: said in one line', async () => {
  const failure = deadLetterQueueUrl(
    answering(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND sqs.eu-central-1.amazonaws.com'), { code: 'ENOTFOUND' });
    }),
    'q',
    WHERE,
  );
  await expect(failure).rejects.toBeInstanceOf(CommandError);
  await expect(failure).rejects.toThrow(
    /^Cannot reach SQS in eu-central-1 \(getaddrinfo ENOTFOUND .*\): check --region/,
  );
});

it('anything else as it is (its stack: a bug or an outage to read)', async () => {
  const boom = new TypeError('boom');
  await expect(
    deadLetterQueueUrl(
      answering(async () => {
        throw boom;
      }),
      'q',
      WHERE,
    ),
  ).rejects.toBe(boom);
});
