/**
 * Invoking a function as a Task state does (services/shared/lambda-invoke.ts), shared by the
 * reconciler's undo steps (services/orders/adapters/lambda-undo-steps.ts) and the dead-letter
 * redrive (ops/redrive/adapters.ts): the answer parsed, a failed function thrown by its errorType.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaUndoSteps } from '../../../services/orders/adapters/lambda-undo-steps';
import { invokeFunction } from '../../../services/shared/lambda-invoke';

const lambda = mockClient(LambdaClient);
const payload = (value: unknown) => Buffer.from(JSON.stringify(value)) as unknown as Uint8Array;
beforeEach(() => lambda.reset());
afterAll(() => lambda.restore());

describe('invokeFunction', () => {
  it('sends the payload as JSON and returns the answer parsed', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ status: 'RELEASED' }) as never });
    await expect(invokeFunction(new LambdaClient({}), 'svc-dev-fn', { orderId: 'o' })).resolves.toEqual({
      status: 'RELEASED',
    });
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input.FunctionName).toBe('svc-dev-fn');
    expect(Buffer.from(call?.args[0].input.Payload as Uint8Array).toString()).toBe('{"orderId":"o"}');
  });

  it('throws a failed function by its errorType, Lambda.Unknown when its answer names none', async () => {
    const client = new LambdaClient({});
    lambda.on(InvokeCommand).resolves({
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'TransientError', errorMessage: 'try again' }) as never,
    });
    await expect(invokeFunction(client, 'fn', {})).rejects.toMatchObject({
      name: 'TransientError',
      message: 'try again',
      functionName: 'fn',
    });
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: Buffer.from('not json') as never });
    await expect(invokeFunction(client, 'fn', {})).rejects.toMatchObject({
      name: 'Lambda.Unknown',
      message: 'not json',
    });
  });
});

describe('LambdaUndoSteps', () => {
  it('runs each undo function in order and names the one that failed', async () => {
    lambda
      .on(InvokeCommand)
      .resolvesOnce({ Payload: payload({}) as never })
      .resolvesOnce({
        FunctionError: 'Unhandled',
        Payload: payload({ errorType: 'TransientError', errorMessage: 'down' }) as never,
      });
    const steps = new LambdaUndoSteps(new LambdaClient({}), ['a', 'b', 'c']);
    await expect(steps.undo('o')).rejects.toMatchObject({ name: 'TransientError', message: 'b: down' });
    expect(lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input.FunctionName)).toEqual(['a', 'b']);
  });
});
