/**
 * Transient means transient (services/shared/infrastructure-errors.ts): what the infrastructure
 * throws — throttling, 5xx, timeouts, connection failures of DynamoDB, SNS or any SDK client — is
 * reported to Step Functions as TransientError, which every Lambda retrier of
 * workflows/error-handling.yml names; business errors keep their names and are never retried.
 * The classification is the AWS SDK's own (@smithy/service-error-classification).
 */
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { InternalErrorException, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { asReportedError, isInfrastructureError } from '../../../services/shared/infrastructure-errors';
import { TransientError, ValidationError } from '../../../services/shared/errors';
import { LAMBDA_TRANSIENT_ERRORS } from '../../../services/shared/workflow-errors';
import { handler as reserveInventory } from '../../../services/inventory/handlers/reserveInventory';
import { fakeContext } from '../../support/lambda-context';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
/** What Node's http client throws when nothing listens (DynamoDB Local stopped). */
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });

describe('isInfrastructureError', () => {
  it.each([
    ['DynamoDB throttling', new ProvisionedThroughputExceededException({ message: 'slow down', ...meta(400) })],
    ['DynamoDB 500', new InternalServerError({ message: 'oops', ...meta(500) })],
    ['SNS throttling', new ThrottledException({ message: 'rate', ...meta(400) })],
    ['SNS 500', new InternalErrorException({ message: 'oops', ...meta(500) })],
    ['a connection refused', refused()],
    ['a connection refused on every address', new AggregateError([refused(), refused()], 'connect failed')],
    ['the SDK giving up waiting', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a 503 without a modelled error', Object.assign(new Error('Service Unavailable'), meta(503))],
  ])('%s is the infrastructure', (_what, error) => {
    expect(isInfrastructureError(error)).toBe(true);
    expect(asReportedError(error)).toBeInstanceOf(TransientError);
  });

  it.each([
    [
      'a conditional check (the services turn it into business outcomes)',
      new ConditionalCheckFailedException({ message: 'x', ...meta(400) }),
    ],
    [
      'a missing table (a deployment problem: retrying does not help)',
      new ResourceNotFoundException({ message: 'x', ...meta(400) }),
    ],
    ['a validation error', new ValidationError('bad input')],
    ['a plain programming error', new TypeError('x is undefined')],
    ['not an Error', 'boom'],
  ])('%s is not', (_what, error) => {
    expect(isInfrastructureError(error)).toBe(false);
    expect(asReportedError(error)).toBe(error);
  });

  it('names what failed and keeps the original as the cause', () => {
    const original = refused();
    const reported = asReportedError(original) as TransientError;
    expect(reported.message).toBe('An AWS dependency failed (Error ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:8000');
    expect(reported.cause).toBe(original);
  });

  it('reports the name every Lambda retrier lists', () => {
    expect(LAMBDA_TRANSIENT_ERRORS).toContain(new TransientError('x').name);
  });
});

describe('a Task handler whose database is down', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  beforeAll(() => (process.env.INVENTORY_TABLE = 'inventory-test'));
  afterAll(() => ddb.restore());

  it('fails with TransientError (retried), not the SDK error (errorType "Error", which no retrier names)', async () => {
    ddb.on(TransactWriteCommand).rejects(refused());
    await expect(
      reserveInventory(
        { orderId: `ord_${'3'.repeat(32)}`, items: [{ sku: 'SKU-A', quantity: 1, unitPrice: 100 }] },
        fakeContext(),
      ),
    ).rejects.toMatchObject({ name: 'TransientError', message: expect.stringContaining('ECONNREFUSED') });
  });
});
