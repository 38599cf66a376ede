/**
 * `npm run redrive -- --stage <stage> [--region <region>]`
 * Replays the deployed dead-letter queue through the deployed functions, with your AWS
 * credentials: compensations through the undo steps (then the order is marked and OrderCancelled
 * announced), completions forward (the order is marked COMPLETED and OrderCompleted announced).
 * Messages that now succeed are deleted; the others stay, and are listed. Exit code 1 if any stayed,
 * or when the stage's queue cannot be reached (the message says why, no stack); 2 for bad arguments
 * (`--stage` and `--region` are checked before anything is loaded or asked of AWS).
 * Offline, the same redrive runs in-process: `npm run workflow -- <scenario> --fail … --redrive`.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { deployedFunctionName } from 'offline-aws/serverless/cloudformation';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { compensationChain, loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { redriveDeadLetters } from '../../ops/redrive/redrive';
import { lambdaStepInvoker, snsEventPublisher, sqsDeadLetterQueue } from '../../ops/redrive/adapters';
import { printResult, progress } from './output';
import { CommandError, parseRedriveArgs, runCli } from './options';

/**
 * The queue's URL in the stage's region.
 * @throws CommandError (a message, no stack) when the stage has no such queue there, or the
 *   region's endpoint cannot be reached
 */
export async function deadLetterQueueUrl(
  sqs: Pick<SQSClient, 'send'>,
  queueName: string,
  where: { stage: string; region: string },
): Promise<string> {
  const deployed = `is the stage ${where.stage} deployed in ${where.region}? (npx sls deploy --stage ${where.stage} --region ${where.region})`;
  let QueueUrl: string | undefined;
  try {
    ({ QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName })));
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error | undefined)?.name === 'QueueDoesNotExist') {
      throw new CommandError(`No queue ${queueName} in ${where.region}: ${deployed}`);
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new CommandError(
        `Cannot reach SQS in ${where.region} (${(error as Error).message}): check --region and the network`,
      );
    }
    throw error;
  }
  if (!QueueUrl) throw new CommandError(`No queue ${queueName} in ${where.region}: ${deployed}`);
  return QueueUrl;
}

async function main(): Promise<number> {
  const options = parseRedriveArgs(process.argv.slice(2));
  const config = loadServerlessConfig({ stage: options.stage, region: options.region });
  const queueName = config.resources.CompensationDeadLetterQueue?.Properties?.QueueName;
  if (typeof queueName !== 'string') throw new Error('serverless.yml declares no CompensationDeadLetterQueue');
  const sqs = new SQSClient({ region: config.region });
  const lambda = new LambdaClient({ region: config.region });
  const QueueUrl = await deadLetterQueueUrl(sqs, queueName, { stage: options.stage, region: config.region });
  progress(`redriving ${QueueUrl} …`);
  const report = await redriveDeadLetters(sqsDeadLetterQueue(sqs, QueueUrl), {
    invoke: lambdaStepInvoker(lambda, (fn) => deployedFunctionName(config, fn)),
    undo: compensationChain(loadWorkflowDefinition(config)),
    publish: snsEventPublisher(new SNSClient({ region: config.region })),
    log: progress,
  });
  printResult(
    options.json
      ? JSON.stringify(report)
      : `${report.redriven.length} order(s) finished, ${report.failed.length} left in the queue`,
  );
  return report.failed.length === 0 ? 0 : 1;
}

// Run only as a script (npm run redrive), not when a test imports deadLetterQueueUrl.
if (/cli[\\/]redrive\.ts$/.test(process.argv[1] ?? '')) runCli(main);
