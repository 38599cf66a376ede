import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDbOrderRepository,
  updateExpressions,
} from '../../../services/orders/adapters/dynamodb-order-repository';
import {
  connectionFailure,
  SfnReviewCallback,
  SfnWorkflowStarter,
} from '../../../services/orders/adapters/sfn-workflow';
import { toWorkflowInput } from '../../../services/orders/domain/create-order';
import { anOrder, NOW } from './fixtures';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
beforeEach(() => {
  ddbMock.reset();
  sfnMock.reset();
});

const ccf = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

describe('DynamoDbOrderRepository', () => {
  const repo = () => new DynamoDbOrderRepository(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'orders');

  it('creates with attribute_not_exists and reports an existing order', async () => {
    const order = anOrder();
    ddbMock
      .on(PutCommand)
      .rejects(ccf())
      .on(GetCommand)
      .resolves({ Item: { pk: order.orderId, ...order } });
    await expect(repo().create(order)).resolves.toEqual({ kind: 'exists', order });
  });

  it('re-throws when the condition failed but the order cannot be read', async () => {
    ddbMock.on(PutCommand).rejects(ccf()).on(GetCommand).resolves({});
    await expect(repo().create(anOrder())).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('re-throws other write errors', async () => {
    ddbMock.on(PutCommand).rejects(new Error('boom'));
    await expect(repo().create(anOrder())).rejects.toThrow('boom');
    ddbMock.on(UpdateCommand).rejects(new Error('bang'));
    await expect(repo().update('x', { status: 'PENDING' }, { updatedAt: NOW })).rejects.toThrow('bang');
  });

  it('returns undefined when a guarded update loses', async () => {
    ddbMock.on(UpdateCommand).rejects(ccf());
    await expect(repo().update('x', { status: 'PENDING' }, { updatedAt: NOW })).resolves.toBeUndefined();
  });

  it('builds aliased expressions for every part of a change', () => {
    expect(
      updateExpressions(
        { status: 'IN_REVIEW', absent: ['review'], reviewTaskToken: 'old' },
        {
          updatedAt: NOW,
          status: 'CONFIRMED',
          set: { reason: 'ok', cancelRequestedAt: undefined },
          history: { status: 'CONFIRMED', at: NOW },
        },
      ),
    ).toEqual({
      UpdateExpression:
        'SET #updatedAt = :updatedAt, #status = :status, #reason = :reason, #history = list_append(if_not_exists(#history, :empty), :history)',
      ConditionExpression:
        '#status = :expectedStatus AND attribute_not_exists(#review) AND #reviewTaskToken = :expectedToken',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#updatedAt': 'updatedAt',
        '#reason': 'reason',
        '#history': 'history',
        '#review': 'review',
        '#reviewTaskToken': 'reviewTaskToken',
      },
      ExpressionAttributeValues: {
        ':expectedStatus': 'IN_REVIEW',
        ':updatedAt': NOW,
        ':status': 'CONFIRMED',
        ':reason': 'ok',
        ':history': [{ status: 'CONFIRMED', at: NOW }],
        ':empty': [],
        ':expectedToken': 'old',
      },
    });
  });
});

describe('connectionFailure', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'])(
    'recognises %s',
    (code) => {
      expect(connectionFailure(Object.assign(new Error('x'), { code }))).toContain(code);
    },
  );

  it('recognises SDK timeouts and aggregated connection errors', () => {
    const timeout = Object.assign(new Error('Connection timed out after 2000 ms'), { name: 'TimeoutError' });
    expect(connectionFailure(timeout)).toContain('timed out');
    const aggregate = new AggregateError([new Error('a'), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]);
    expect(connectionFailure(aggregate)).toContain('ECONNREFUSED');
  });

  it('recognises errors the SDK re-wrapped as text (errors from another realm)', () => {
    expect(connectionFailure(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'))).toContain(
      'ECONNREFUSED',
    );
    expect(connectionFailure(new Error('AWS SDK error wrapper for TimeoutError: socket hang up'))).toContain(
      'socket hang up',
    );
    expect(connectionFailure({ code: 'ECONNREFUSED', message: 'plain object' })).toContain('ECONNREFUSED');
  });

  it('ignores everything else', () => {
    expect(connectionFailure(new Error('AccessDenied'))).toBeUndefined();
    expect(connectionFailure(new AggregateError([new Error('a')]))).toBeUndefined();
    expect(connectionFailure('ECONNREFUSED')).toBeUndefined();
    expect(connectionFailure(null)).toBeUndefined();
    expect(connectionFailure(new Error('ECONNREFUSEDX'))).toBeUndefined();
  });
});

describe('SfnWorkflowStarter', () => {
  const starter = () => new SfnWorkflowStarter(new SFNClient({}), 'arn:sm');
  const input = toWorkflowInput(anOrder());

  it('reports started, already-started and unreachable', async () => {
    sfnMock
      .on(StartExecutionCommand)
      .resolvesOnce({})
      .rejectsOnce(new ExecutionAlreadyExists({ message: 'x', $metadata: {} }));
    await expect(starter().start(input)).resolves.toEqual({ kind: 'started' });
    await expect(starter().start(input)).resolves.toEqual({ kind: 'already-started' });
    sfnMock.on(StartExecutionCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(starter().start(input)).resolves.toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('ENOTFOUND'),
    });
  });

  it('re-throws other errors', async () => {
    sfnMock.on(StartExecutionCommand).rejects(new Error('StateMachineDoesNotExist'));
    await expect(starter().start(input)).rejects.toThrow('StateMachineDoesNotExist');
  });
});

describe('SfnReviewCallback', () => {
  const callback = () => new SfnReviewCallback(new SFNClient({}));

  it('reports a closed token, an unreachable service and re-throws the rest', async () => {
    sfnMock.on(SendTaskFailureCommand).rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));
    await expect(callback().fail('t', 'ReviewRejected', 'no')).resolves.toEqual({
      kind: 'token-closed',
      reason: 'TaskDoesNotExist: gone',
    });
    sfnMock.on(SendTaskFailureCommand).rejects(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await expect(callback().fail('t', 'ReviewRejected', 'no')).resolves.toMatchObject({ kind: 'unreachable' });
    sfnMock.on(SendTaskFailureCommand).rejects(new Error('AccessDenied'));
    await expect(callback().fail('t', 'ReviewRejected', 'no')).rejects.toThrow('AccessDenied');
  });
});
