/**
 * Bad requests to every HTTP route: generated malformed bodies, path parameters and headers are
 * answered 400 ValidationError (with the zod issues) or 413 PayloadTooLarge, never a 500 or another
 * error, and no AWS command is sent. Valid order bodies stay accepted.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { CreateOrderBodySchema } from '../../../services/orders/schemas';
import {
  createOrderBody,
  expectedStatus,
  expectHttpRejection,
  type HttpCase,
  httpEvent,
  httpRoutes,
  type HttpRouteSpec,
  malformedBodyCases,
  submitReviewBody,
} from '../../support/arbitraries';
import { fakeContext } from '../../support/lambda-context';
import {
  assertEveryCase,
  documentClientMock,
  expectNoAwsCommands,
  NUM_RUNS,
  onInput,
  resetAwsMocks,
  setServiceEnvironment,
  sfnMock,
} from './harness';

setServiceEnvironment();

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const handlerModules: Record<HttpRouteSpec['functionName'], () => Promise<{ handler: HttpHandler }>> = {
  createOrder: () => import('../../../services/orders/handlers/createOrder'),
  submitReview: () => import('../../../services/orders/handlers/submitReview'),
  getOrder: () => import('../../../services/orders/handlers/getOrder'),
  cancelOrder: () => import('../../../services/orders/handlers/cancelOrder'),
};

beforeEach(() => resetAwsMocks());

const rejects = (route: HttpRouteSpec) => async (request: HttpCase) => {
  const { handler } = await handlerModules[route.functionName]();
  const result = await handler(httpEvent(route, request), fakeContext(route.functionName));
  expectHttpRejection(result, expectedStatus(request));
  expectNoAwsCommands();
};

describe.each(Object.values(httpRoutes))('$functionName ($method $route)', (route) => {
  it(`answers ${NUM_RUNS} malformed requests with 400 or 413 and sends nothing`, async () => {
    await fc.assert(fc.asyncProperty(route.malformed, onInput(rejects(route))), { numRuns: NUM_RUNS });
  });
});

describe.each([
  { route: httpRoutes.createOrder, body: createOrderBody },
  { route: httpRoutes.submitReview, body: submitReviewBody },
])('$route.functionName body', ({ route, body }) => {
  it('refuses every documented limit and format of the body, each one separately', async () => {
    const orderId = 'ord_00000000000000000000000000000001';
    const cases = malformedBodyCases(body).map((c) => ({
      label: c.label,
      arbitrary: c.arbitrary.map((broken) => broken.within({ ...broken.input, pathParameters: { orderId } })),
    }));
    await assertEveryCase(cases, rejects(route));
  });
});

describe('createOrder with a valid body', () => {
  it('accepts every generated valid body: 202, one order stored, one execution started', async () => {
    const { handler } = await handlerModules.createOrder();
    await fc.assert(
      fc.asyncProperty(createOrderBody.valid, async (body) => {
        resetAwsMocks();
        documentClientMock.on(PutCommand).resolves({});
        sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: new Date() });
        expect(CreateOrderBodySchema.safeParse(body)).toMatchObject({ success: true });

        const result = await handler(
          httpEvent(httpRoutes.createOrder, { body: JSON.stringify(body) }),
          fakeContext('createOrder'),
        );

        expect(result.statusCode).toBe(202);
        expect(documentClientMock.commandCalls(PutCommand)).toHaveLength(1);
        expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(1);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
