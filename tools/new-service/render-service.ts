/**
 * The files of services/<name>/ that `npm run new:service` writes, rendered from the names (pure).
 * Each is a working starting point in the inventory service's layout: a Task input schema
 * (`{ orderId, amount }`), a pure rule and a port in the domain, the port's DynamoDB adapter and
 * its factory, one idempotent Task handler (a conditional write), the serverless fragment and the
 * declaration. The CLI runs prettier over them before writing.
 */
import type { ServiceNames } from './names';

/** A file to create or replace: its path from the project root and its whole content. */
export interface GeneratedFile {
  path: string;
  content: string;
}

function schemas(n: ServiceNames): string {
  return `import * as z from 'zod/mini';
import { OrderIdSchema } from '#shared/schemas';

/** The largest \`amount\` a ${n.task} input may carry (integer minor units, like every amount here). */
export const ${n.maxAmount} = Number.MAX_SAFE_INTEGER;

/**
 * Task input of ${n.task}: \`{ orderId, amount }\`, \`amount\` a whole number from 1 to ${n.maxAmount}.
 * Extra fields of the workflow state are ignored (not an error).
 */
export const ${n.inputSchema} = z.object({
  orderId: OrderIdSchema,
  amount: z.number().check(z.int(), z.minimum(1), z.maximum(${n.maxAmount})),
});
export type ${n.inputType} = z.infer<typeof ${n.inputSchema}>;

/** What the service keeps per order (its key, from \`orderRecord\` in service.ts, is dropped when parsed). */
export const ${n.recordSchema} = z.object({
  orderId: OrderIdSchema,
  amount: z.number().check(z.int(), z.minimum(1)),
  status: z.enum(['RECORDED']),
  createdAt: z.string(),
});
export type ${n.record} = z.infer<typeof ${n.recordSchema}>;
`;
}

function logger(n: ServiceNames): string {
  return `import { serviceLogger } from '#shared/logger';

export const logger = serviceLogger('${n.service}');
`;
}

function domain(n: ServiceNames): string {
  return `import type { ${n.inputType}, ${n.record} } from '../schemas';

/** What \`create\` did: stored the record, or found the one an earlier call stored (returned unchanged). */
export type ${n.pascal}CreateOutcome = { kind: 'created' } | { kind: 'exists'; record: ${n.record} };

/** Port: the service's records, one per order. Implementations make \`create\` a conditional write. */
export interface ${n.port} {
  /** Stores \`record\` only if its order has no record yet. */
  create(record: ${n.record}): Promise<${n.pascal}CreateOutcome>;
}

/** The pure rule: the record an input makes at \`now\` (ISO-8601). Replace it with the service's own rule. */
export function ${n.ruleFn}(input: ${n.inputType}, now: string): ${n.record} {
  return { orderId: input.orderId, amount: input.amount, status: 'RECORDED', createdAt: now };
}

/**
 * Task ${n.task}: records the order once. Idempotent: a repeated call (a Step Functions retry, a
 * redelivery) writes nothing and returns the record the first call stored, even if its input differs.
 * @returns the order's record: \`{ orderId, amount, status: 'RECORDED', createdAt }\`.
 * @throws whatever the ledger throws: no business error, so the state machine retries it.
 */
export async function ${n.task}(ledger: ${n.port}, input: ${n.inputType}, now: string): Promise<${n.record}> {
  const record = ${n.ruleFn}(input, now);
  const outcome = await ledger.create(record);
  return outcome.kind === 'created' ? record : outcome.record;
}
`;
}

function dynamoDbAdapter(n: ServiceNames): string {
  return `import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderRecordPartitionKey } from '#shared/declaration';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import { TransientError } from '#shared/errors';
import type { ${n.pascal}CreateOutcome, ${n.port} } from '../domain/${n.service}';
import { ${n.recordSchema}, type ${n.record} } from '../schemas';
import declaration from '../service';

/**
 * Key of an order's record in the ${n.service} table (single table, string partition key \`pk\`): where
 * the declaration says it is (\`orderRecord\` in service.ts, which the offline runtime reads too).
 */
export const recordKey = (orderId: string) => ({ pk: orderRecordPartitionKey(declaration.orderRecord, orderId) });

/** The ${n.port} port on DynamoDB: one item per order, written once (\`attribute_not_exists(pk)\`). */
export class ${n.adapterClass} implements ${n.port} {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Conditional put; when the order already has a record, reads it (strongly consistent).
   * @throws TransientError if that record disappears between the write and the read (retry).
   */
  async create(record: ${n.record}): Promise<${n.pascal}CreateOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...recordKey(record.orderId), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: recordKey(record.orderId), ConsistentRead: true }),
    );
    if (!Item) throw new TransientError(\`The ${n.service} record of \${record.orderId} changed while being written\`);
    return { kind: 'exists', record: ${n.recordSchema}.parse(Item) };
  }
}
`;
}

function factory(n: ServiceNames): string {
  return `import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { ${n.adapterClass} } from './dynamodb-${n.service}-ledger';

let ledger: ${n.adapterClass} | undefined;

/**
 * The ledger the handlers use, built once per process from ${n.tableEnv}.
 * @throws ConfigurationError when ${n.tableEnv} is not set.
 */
export function ${n.factory}(): ${n.adapterClass} {
  ledger ??= new ${n.adapterClass}(dynamoDocumentClient(), requireEnv('${n.tableEnv}'));
  return ledger;
}
`;
}

function handler(n: ServiceNames): string {
  return `import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { ${n.factory} } from '../adapters/${n.service}-ledger';
import { ${n.task} } from '../domain/${n.service}';
import { logger } from '../logger';
import { ${n.inputSchema} } from '../schemas';

/**
 * Task: record the order once (\`{ orderId, amount }\` → its record). Idempotent (a conditional write).
 * Throws \`ValidationError\` on bad input, before anything is written.
 */
export const handler = taskHandler(logger, ${n.inputSchema}, (input) => ${n.task}(${n.factory}(), input, nowIso()));
`;
}

function declaration(n: ServiceNames): string {
  return `import { defineService } from '#shared/declaration';
import { ${n.inputSchema}, ${n.recordSchema} } from './schemas';

/**
 * ${n.pascal}: one record per order (the declaration packages/offline-aws/src/ and the tests read). The record holds
 * nothing (no stock, money or parcel), so it takes no part in the order invariant: no \`holds\`.
 */
export default defineService({
  name: '${n.service}',
  table: '${n.table}',
  orderRecord: {
    reportAs: '${n.service}',
    record: '${n.service}',
    keyPrefix: '${n.keyPrefix}',
    schema: ${n.recordSchema},
  },
  tasks: {
    ${n.task}: { input: ${n.inputSchema} },
  },
  // Its business errors, by name, e.g. \`PointsCapReached: { thrownBy: ['${n.task}'], alarms: false }\`
  // (with \`customerWording\` if it can end an order); then run \`npx tsx tools/cli/business-errors.ts\`,
  // which lists what else to write (docs/fork.md, "Add a service").
  errors: {},
});
`;
}

function serverlessFragment(n: ServiceNames): string {
  return `# ${n.pascal} service: one record per order, in its own table (scaffolded by npm run new:service).
functions:
  ${n.task}:
    handler: services/${n.service}/handlers/${n.task}.handler
    description: Record an order once; idempotent (Task)
    environment: &environment
      ${n.tableEnv}: \${self:service}-\${sls:stage}-${n.service}
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:PutItem]
        Resource: !GetAtt ${n.table}.Arn

resources:
  Resources:
    ${n.table}:
      Type: AWS::DynamoDB::Table
      # Kept when the stack is deleted or the table replaced on production stages (custom.retainPolicy).
      DeletionPolicy: \${self:custom.retainPolicy.\${sls:stage}, 'Delete'}
      UpdateReplacePolicy: \${self:custom.retainPolicy.\${sls:stage}, 'Delete'}
      Properties:
        TableName: \${self:service}-\${sls:stage}-${n.service}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - { AttributeName: pk, AttributeType: S }
        KeySchema:
          - { AttributeName: pk, KeyType: HASH }
        SSESpecification: { SSEEnabled: true }
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
`;
}

/** Every file of services/<name>/. */
export function renderServiceFiles(n: ServiceNames): GeneratedFile[] {
  const dir = `services/${n.service}`;
  return [
    { path: `${dir}/schemas.ts`, content: schemas(n) },
    { path: `${dir}/logger.ts`, content: logger(n) },
    { path: `${dir}/domain/${n.service}.ts`, content: domain(n) },
    { path: `${dir}/adapters/dynamodb-${n.service}-ledger.ts`, content: dynamoDbAdapter(n) },
    { path: `${dir}/adapters/${n.service}-ledger.ts`, content: factory(n) },
    { path: `${dir}/handlers/${n.task}.ts`, content: handler(n) },
    { path: `${dir}/service.ts`, content: declaration(n) },
    { path: `${dir}/serverless.yml`, content: serverlessFragment(n) },
  ];
}
