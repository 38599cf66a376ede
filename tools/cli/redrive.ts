/**
 * `npm run redrive -- --stage <stage> [--region <region>]`
 * Replays the deployed dead-letter queue through the deployed functions, with your AWS
 * credentials: compensations through the undo steps (then the order is marked and OrderCancelled
 * announced), completions forward (the order is marked COMPLETED and OrderCompleted announced).
 * Messages that now succeed are deleted; the others stay, and are listed. Exit code 1 if any stayed.
 * Offline, the same redrive runs in-process: `npm run workflow -- <scenario> --fail … --redrive`.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { deployedFunctionName } from 'offline-aws/serverless/cloudformation';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { compensationChain, loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { redriveDeadLetters } from '../../ops/redrive/redrive';
import { lambdaStepInvoker, snsEventPublisher, sqsDeadLetterQueue } from '../../ops/redrive/adapters';
import { printResult, progress } from './output';
import { parseRedriveArgs, runCli } from './options';

async function main(): Promise<number> {
  const options = parseRedriveArgs(process.argv.slice(2));
  const config = loadServerlessConfig({ stage: options.stage, region: options.region });
  const queueName = config.resources.CompensationDeadLetterQueue?.Properties?.QueueName;
  if (typeof queueName !== 'string') throw new Error('serverless.yml declares no CompensationDeadLetterQueue');
  const sqs = new SQSClient({ region: config.region });
  const lambda = new LambdaClient({ region: config.region });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (!QueueUrl) throw new Error(`Queue ${queueName} not found in ${config.region}`);
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

runCli(main);
