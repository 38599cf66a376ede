/**
 * The Error and Cause a failed Task reports, as Step Functions builds them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
import { lambdaStateError } from 'offline-aws/engine/errors';
import { serviceStateError } from 'offline-aws/engine/service-errors';
import { InjectedError } from 'offline-aws/engine/faults';

class OutOfStock extends Error {
  override readonly name = 'OutOfStock';
}

it("a function error: Error is the errorType, Cause Lambda's JSON with errorType, errorMessage and trace", () => {
  const error = lambdaStateError(new OutOfStock('SKU-1 has 0 left'));
  expect(error.name).toBe('OutOfStock');
  const cause = JSON.parse(error.message) as { errorType: string; errorMessage: string; trace: string[] };
  expect(cause).toEqual({ errorType: 'OutOfStock', errorMessage: 'SKU-1 has 0 left', trace: expect.any(Array) });
  expect(cause.trace[0]).toBe('OutOfStock: SKU-1 has 0 left');
});

it('an injected function fault is reported as a function error', () => {
  const error = lambdaStateError(new InjectedError('TransientError', 'Injected transient fault'));
  expect(JSON.parse(error.message)).toMatchObject({
    errorType: 'TransientError',
    errorMessage: 'Injected transient fault',
  });
});

it('a timeout: Sandbox.Timedout with only an errorMessage naming the request and the seconds', () => {
  const timedOut = Object.assign(new Error('reserveInventory timed out after 6 seconds'), { name: 'Sandbox.Timedout' });
  const error = lambdaStateError(timedOut);
  expect(error.name).toBe('Sandbox.Timedout');
  const { errorMessage } = JSON.parse(error.message) as { errorMessage: string };
  expect(errorMessage).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z [0-9a-f-]{36} Task timed out after 6\.00 seconds$/);
});

it("Lambda's own and Step Functions' errors keep a plain-text Cause", () => {
  const lost = lambdaStateError(Object.assign(new Error('no answer'), { name: 'Lambda.Unknown' }));
  expect(lost).toMatchObject({ name: 'Lambda.Unknown', message: 'no answer' });
});

// As recorded on AWS (the AWS SDK for Java's exception and message), connect-ddb.html.
it('a service integration error is <Service>.<Exception> with the service suffix', () => {
  const failed = Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    $metadata: { httpStatusCode: 400, requestId: 'REQ1' },
  });
  expect(serviceStateError('DynamoDB', failed)).toMatchObject({
    name: 'DynamoDB.ConditionalCheckFailedException',
    message:
      'The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: REQ1; Proxy: null)',
  });
  const injected = new InjectedError('SNS.InternalErrorException', 'Injected');
  expect(serviceStateError('SNS', injected)).toMatchObject({ name: 'SNS.InternalErrorException', message: 'Injected' });
});

it("the trace holds the function's frames, not the emulator's", () => {
  const error = new OutOfStock('none left');
  error.stack = [
    'OutOfStock: none left',
    '    at reserveStock (/repo/services/inventory/domain/reservation.ts:61:13)',
    '    at async invoke (/repo/local/runtime.ts:96:14)',
    '    at async TaskRunner.run (/repo/local/workflow/tasks.ts:128:22)',
    '    at async task (/repo/packages/offline-aws/src/engine/interpreter/task-state.ts:1:1)',
  ].join('\n');
  expect((JSON.parse(lambdaStateError(error).message) as { trace: string[] }).trace).toEqual([
    'OutOfStock: none left',
    '    at reserveStock (/repo/services/inventory/domain/reservation.ts:61:13)',
  ]);
});
