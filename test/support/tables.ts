/**
 * Snapshots of every DynamoDB table of the embedded stack, to prove that an input that was
 * rejected wrote nothing: `changes(before, await snapshotTables(stack))` is empty.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resourcesOfType } from 'offline-aws/serverless/config';
import type { LocalStack } from 'offline-aws/dynamodb/stack';

/** Every item of every table declared in serverless.yml, one sorted line per item (`<table> <item JSON>`). */
export async function snapshotTables(stack: Pick<LocalStack, 'config' | 'documentClient'>): Promise<string[]> {
  const tables = resourcesOfType(stack.config, 'AWS::DynamoDB::Table').map(([, r]) => String(r.Properties?.TableName));
  const contents = await Promise.all(
    tables.map(async (TableName) => {
      const lines: string[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await stack.documentClient.send(
          new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }),
        );
        for (const item of page.Items ?? []) lines.push(`${TableName} ${JSON.stringify(item)}`);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return lines;
    }),
  );
  return contents.flat().sort();
}

/** Items in one snapshot and not in the other (both ways): empty when nothing was written. */
export function changes(before: string[], after: string[]): string[] {
  const b = new Set(before);
  const a = new Set(after);
  return [
    ...before.filter((x) => !a.has(x)).map((x) => `- ${x}`),
    ...after.filter((x) => !b.has(x)).map((x) => `+ ${x}`),
  ];
}
