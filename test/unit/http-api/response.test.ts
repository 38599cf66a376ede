/**
 * A function's result as the HTTP response (packages/offline-aws/src/http-api/response.ts), following "Lambda
 * function response for format 2.0" of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html.
 */
import { gatewayResponse, integrationResponse } from 'offline-aws/http-api/response';

const text = (response: { body: Buffer }) => response.body.toString('utf8');

describe('integrationResponse', () => {
  it('infers a 200 JSON response from a result without statusCode', () => {
    const response = integrationResponse({ message: 'Hello from Lambda!' });
    expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(text(response)).toBe('{"message":"Hello from Lambda!"}');
    expect(text(integrationResponse('Hello from Lambda!'))).toBe('Hello from Lambda!');
  });

  it('uses statusCode, headers, cookies and body of a full result', () => {
    const response = integrationResponse({
      statusCode: 202,
      headers: { Location: '/orders/ord_1', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: '{"orderId":"ord_1"}',
    });
    expect(response.statusCode).toBe(202);
    expect(response.headers).toEqual({
      location: '/orders/ord_1',
      'x-count': '3',
      'set-cookie': ['a=1; Path=/', 'b=2'],
    });
    expect(text(response)).toBe('{"orderId":"ord_1"}');
  });

  it('decodes a base64 body', () => {
    const response = integrationResponse({
      statusCode: 200,
      body: Buffer.from('binary').toString('base64'),
      isBase64Encoded: true,
    });
    expect(text(response)).toBe('binary');
  });

  it('answers 500 for a result the gateway cannot map', () => {
    for (const result of [
      { statusCode: '200' },
      { statusCode: 42 },
      { statusCode: 200, body: { not: 'a string' } },
      { statusCode: 200, headers: { 'x-a': { nested: true } } },
    ]) {
      const response = integrationResponse(result);
      expect(response.statusCode).toBe(500);
      expect(text(response)).toBe('{"message":"Internal Server Error"}');
    }
  });
});

describe('gatewayResponse', () => {
  it('is the gateway message as JSON', () => {
    const response = gatewayResponse(404);
    expect(response.statusCode).toBe(404);
    expect(text(response)).toBe('{"message":"Not Found"}');
    expect(text(gatewayResponse(413))).toBe('{"message":"Request Entity Too Large"}');
  });
});
