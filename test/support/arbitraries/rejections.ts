/** What a rejection must look like, for Task functions and for HTTP routes. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What `promise` rejected with; fails when it resolved (the input was accepted). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`the input was accepted (result: ${JSON.stringify(result)})`);
}

/** A Task's answer to bad input: a thrown `ValidationError` with a message and at least one issue. */
export function expectValidationError(error: unknown): void {
  expect(error).toMatchObject({
    name: 'ValidationError',
    message: expect.stringMatching(/^Invalid .+: .+/s),
    issues: expect.arrayContaining([
      { path: expect.any(String), message: expect.any(String), code: expect.any(String) },
    ]),
  });
}

/** An HTTP answer to bad input: 413 PayloadTooLarge, or 400 ValidationError with at least one issue. */
export function expectHttpRejection(result: APIGatewayProxyStructuredResultV2 | undefined, status: 400 | 413): void {
  const body = JSON.parse(result?.body ?? 'null') as unknown;
  expect({ statusCode: result?.statusCode, body }).toMatchObject(
    status === 413
      ? { statusCode: 413, body: { error: 'PayloadTooLarge', message: expect.stringMatching(/limit is \d+ bytes/) } }
      : {
          statusCode: 400,
          body: {
            error: 'ValidationError',
            message: expect.stringMatching(/^Invalid .+/s),
            issues: expect.arrayContaining([
              { path: expect.any(String), message: expect.any(String), code: expect.any(String) },
            ]),
          },
        },
  );
}

/**
 * The same answer as the function's caller sees it (Lambda passes on errorType and errorMessage, not
 * the error's own fields such as `issues`): a ValidationError whose message summarizes the issues
 * (`Invalid <what>: <path>: <message>; …`).
 */
export function expectInvokedValidationError(error: unknown): void {
  expect(error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^Invalid .+: .+: .+/s) });
}
