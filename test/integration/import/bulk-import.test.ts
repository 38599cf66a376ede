/**
 * Issue 28's bulk import through the real handlers and state machines on the embedded stack: the
 * sample file (events/import/orders.jsonl) uploaded to the imports bucket and run by bulkImport (a
 * Distributed Map over S3, one importOrder per line) twice. The first run places each good line
 * once (an order PENDING in the orders table and its order-processing execution) and reports the bad
 * lines; the second places none; the results object is in the local S3 bucket both times.
 */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Runtime } from 'offline-aws/runtime';
import { runImport, type ImportReport } from '../../../tools/offline/bulk-import';
import { startTestRuntime } from '../../support/runtime';

const FILE = 'events/import/orders.jsonl';
const BAD_LINES = [4, 7];

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

const endpoints = () => ({ s3: runtime.messaging.endpoint, stepfunctions: runtime.sfn.url });

async function resultsManifest(report: ImportReport): Promise<{ ResultFiles: Record<string, unknown[]> }> {
  if (!report.results) throw new Error('no results written');
  const s3 = new S3Client({
    endpoint: runtime.messaging.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: report.results.bucket, Key: report.results.key }));
    return JSON.parse((await object.Body?.transformToString()) ?? '') as { ResultFiles: Record<string, unknown[]> };
  } finally {
    s3.destroy();
  }
}

it('places the good lines once each, reports the bad ones, and a second run places none', async () => {
  const lineCount = readFileSync(FILE, 'utf8').trim().split('\n').length;
  const good = lineCount - BAD_LINES.length;

  const first = await runImport(runtime.stack.config, endpoints(), FILE);
  expect(first).toMatchObject({ status: 'SUCCEEDED', source: { key: 'imports/orders.jsonl' } });
  expect(first.lines.map((l) => l.lineNumber)).toEqual(Array.from({ length: lineCount }, (_, i) => i + 1));
  const placed = first.lines.filter((l) => l.outcome === 'placed');
  expect(placed).toHaveLength(good);
  const refused = first.lines.filter((l) => l.outcome === 'refused');
  expect(refused.map((l) => [l.lineNumber, l.outcome === 'refused' && l.error])).toEqual(
    BAD_LINES.map((n) => [n, 'ValidationError']),
  );
  expect(refused[0]).toMatchObject({
    reason: expect.stringMatching(/^Invalid import line 4: order\.items\.0\.quantity/),
  });
  expect(refused[1]).toMatchObject({ reason: expect.stringMatching(/^Invalid import line 7: order\.paymentToken/) });
  expect((await resultsManifest(first)).ResultFiles).toMatchObject({
    SUCCEEDED: [expect.objectContaining({ Key: expect.stringMatching(/^results\/.+\/SUCCEEDED_0\.json$/) })],
    FAILED: [expect.objectContaining({ Key: expect.stringMatching(/^results\/.+\/FAILED_0\.json$/) })],
  });

  // Each placed order is stored and has its order-processing execution (named by the order id).
  const orders = runtime.stack.tableName('OrdersTable');
  const executionNames = () =>
    runtime.runner
      .listExecutions()
      .map((e) => e.executionArn.split(':').pop())
      .filter((name) => name?.startsWith('ord_'));
  for (const line of placed) {
    if (line.outcome === 'refused') continue;
    const { Item } = await runtime.stack.documentClient.send(
      new GetCommand({ TableName: orders, Key: { pk: line.orderId } }),
    );
    expect(Item).toMatchObject({ orderId: line.orderId });
  }
  const startedAfterFirst = executionNames().sort();
  expect(startedAfterFirst).toEqual(placed.map((l) => (l.outcome === 'refused' ? '' : l.orderId)).sort());

  const second = await runImport(runtime.stack.config, endpoints(), FILE);
  expect(second.status).toBe('SUCCEEDED');
  expect(second.lines.filter((l) => l.outcome === 'placed')).toEqual([]);
  expect(second.lines.filter((l) => l.outcome === 'already-placed').map((l) => l.lineNumber)).toEqual(
    placed.map((l) => l.lineNumber),
  );
  expect(second.lines.filter((l) => l.outcome === 'refused').map((l) => l.lineNumber)).toEqual(BAD_LINES);
  expect(second.results?.key).not.toBe(first.results?.key);
  await resultsManifest(second);
  expect(executionNames().sort()).toEqual(startedAfterFirst);
}, 120_000);
