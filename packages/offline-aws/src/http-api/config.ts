/**
 * The HTTP API as serverless.yml declares it, for the local API server: the routes (the `httpApi`
 * events of the functions), `provider.httpApi` (payload version, CORS, JWT authorizers) and the
 * stage's throttling (`resources.extensions.HttpApiStage.Properties.DefaultRouteSettings`). Read
 * from the same resolved configuration `sls deploy` uses; anything this runtime cannot serve as
 * API Gateway would (payload 1.0, a Lambda or IAM authorizer) is an error naming it.
 */
import * as z from 'zod';
import type { ServerlessConfig } from '../serverless/config';

/** A route of the API: `GET /orders/{orderId}` → the function that serves it. */
export interface HttpRoute {
  /** `POST /orders`, `ANY /x`, or `$default`. */
  routeKey: string;
  /** Upper-case method, or `ANY`. */
  method: string;
  /** `/orders/{orderId}`; `*` for the `$default` route. */
  path: string;
  functionName: string;
  /** The JWT authorizer's name (`provider.httpApi.authorizers`), when the route has one. */
  authorizer?: string;
  /** The route's `authorizationScopes`: the token must hold at least one of them. */
  scopes: readonly string[];
}

export interface JwtAuthorizerConfig {
  name: string;
  /** `$request.header.Authorization`: where the token is read. */
  identitySource: string;
  issuerUrl: string;
  audience: readonly string[];
}

/** API Gateway's CORS configuration (the serverless `httpApi.cors` names, mapped to AWS's). */
export interface CorsConfig {
  allowOrigins: readonly string[];
  allowHeaders: readonly string[];
  allowMethods: readonly string[];
  exposeHeaders: readonly string[];
  allowCredentials: boolean;
  /** Seconds; undefined sends no Access-Control-Max-Age. */
  maxAge?: number;
}

export interface ThrottlingConfig {
  /** Steady requests per second. */
  rateLimit: number;
  /** Bucket size: requests that may arrive at once. */
  burstLimit: number;
}

export interface HttpApiConfig {
  routes: readonly HttpRoute[];
  authorizers: Readonly<Record<string, JwtAuthorizerConfig>>;
  cors?: CorsConfig;
  throttling?: ThrottlingConfig;
}

interface RouteAuthorizer {
  name: string;
  scopes: string[];
}

const StringList = z.union([z.string().transform((value) => [value]), z.array(z.string())]);

const HttpApiEventObjectSchema = z.object({
  method: z.string(),
  path: z.string(),
  authorizer: z
    .union([
      z.string().transform((name): RouteAuthorizer => ({ name, scopes: [] })),
      z.object({ name: z.string(), scopes: z.array(z.string()).default([]) }),
    ])
    .optional(),
});

/** An `httpApi` event: `'*'`, `'<METHOD> <path>'`, or `{ method, path, authorizer? }`. */
function httpApiEventOf(value: unknown, where: string): z.infer<typeof HttpApiEventObjectSchema> {
  if (value === '*') return { method: '*', path: '*' };
  if (typeof value === 'string') {
    const [method, path, ...rest] = value.trim().split(/\s+/);
    if (!method || !path || rest.length > 0)
      throw new Error(`serverless.yml ${where}: "${value}" is not "<METHOD> <path>"`);
    return { method, path };
  }
  return parse(HttpApiEventObjectSchema, value, where);
}

const AuthorizerSchema = z.object({
  type: z.string().optional(),
  identitySource: z.string().default('$request.header.Authorization'),
  issuerUrl: z.string(),
  audience: StringList,
});

/** `cors: true` in the Serverless Framework (v3): these defaults. */
const DEFAULT_CORS: CorsConfig = {
  allowOrigins: ['*'],
  allowHeaders: [
    'Content-Type',
    'X-Amz-Date',
    'Authorization',
    'X-Api-Key',
    'X-Amz-Security-Token',
    'X-Amz-User-Agent',
    'X-Amzn-Trace-Id',
  ],
  allowMethods: ['OPTIONS', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
  exposeHeaders: [],
  allowCredentials: false,
};

const CorsSchema = z.union([
  z.literal(true).transform(() => DEFAULT_CORS),
  z
    .object({
      allowedOrigins: z.array(z.string()).default(DEFAULT_CORS.allowOrigins as string[]),
      allowedHeaders: z.array(z.string()).default(DEFAULT_CORS.allowHeaders as string[]),
      allowedMethods: z.array(z.string()).default(DEFAULT_CORS.allowMethods as string[]),
      exposedResponseHeaders: z.array(z.string()).default([]),
      allowCredentials: z.boolean().default(false),
      maxAge: z.number().int().nonnegative().optional(),
    })
    .transform((cors): CorsConfig => ({
      allowOrigins: cors.allowedOrigins,
      allowHeaders: cors.allowedHeaders,
      allowMethods: cors.allowedMethods,
      exposeHeaders: cors.exposedResponseHeaders,
      allowCredentials: cors.allowCredentials,
      ...(cors.maxAge === undefined ? {} : { maxAge: cors.maxAge }),
    })),
]);

const ProviderHttpApiSchema = z.object({
  payload: z.string().default('2.0'),
  cors: CorsSchema.optional(),
  authorizers: z.record(z.string(), AuthorizerSchema).default({}),
});

const StageSettingsSchema = z.object({
  ThrottlingRateLimit: z.number().nonnegative().optional(),
  ThrottlingBurstLimit: z.number().int().nonnegative().optional(),
});

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`serverless.yml ${where}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function throttlingOf(config: ServerlessConfig): ThrottlingConfig | undefined {
  const stage = (config.extensions.HttpApiStage as { Properties?: { DefaultRouteSettings?: unknown } } | undefined)
    ?.Properties?.DefaultRouteSettings;
  if (stage === undefined) return undefined;
  const settings = parse(StageSettingsSchema, stage, 'resources.extensions.HttpApiStage DefaultRouteSettings');
  if (settings.ThrottlingRateLimit === undefined || settings.ThrottlingBurstLimit === undefined) return undefined;
  return { rateLimit: settings.ThrottlingRateLimit, burstLimit: settings.ThrottlingBurstLimit };
}

/**
 * The HTTP API of a resolved serverless.yml. Throws an Error naming the setting when the API uses
 * something the local server does not emulate: payload format 1.0, a non-JWT authorizer, a route
 * naming an undeclared authorizer, or two functions on one route key.
 */
export function httpApiConfig(config: ServerlessConfig): HttpApiConfig {
  const provider = parse(ProviderHttpApiSchema, config.provider.httpApi ?? {}, 'provider.httpApi');
  if (provider.payload !== '2.0') {
    throw new Error(`serverless.yml provider.httpApi.payload is ${provider.payload}: only 2.0 is served locally`);
  }
  const authorizers: Record<string, JwtAuthorizerConfig> = {};
  for (const [name, authorizer] of Object.entries(provider.authorizers)) {
    if (authorizer.type !== undefined && authorizer.type.toLowerCase() !== 'jwt') {
      throw new Error(`serverless.yml provider.httpApi.authorizers.${name}: only JWT authorizers are served locally`);
    }
    authorizers[name] = {
      name,
      identitySource: authorizer.identitySource,
      issuerUrl: authorizer.issuerUrl,
      audience: authorizer.audience,
    };
  }
  const routes: HttpRoute[] = [];
  for (const fn of Object.values(config.functions)) {
    for (const event of fn.events) {
      if (event === null || typeof event !== 'object' || Array.isArray(event) || !('httpApi' in event)) continue;
      const spec = httpApiEventOf(event.httpApi, `functions.${fn.name}.events httpApi`);
      const { authorizer } = spec;
      if (authorizer && !authorizers[authorizer.name]) {
        throw new Error(
          `serverless.yml functions.${fn.name}: authorizer "${authorizer.name}" is not in provider.httpApi.authorizers`,
        );
      }
      const method = spec.method === '*' ? 'ANY' : spec.method.toUpperCase();
      const routeKey = spec.path === '*' ? '$default' : `${method} ${spec.path}`;
      const duplicate = routes.find((route) => route.routeKey === routeKey);
      if (duplicate) {
        throw new Error(`serverless.yml: route ${routeKey} is served by both ${duplicate.functionName} and ${fn.name}`);
      }
      routes.push({
        routeKey,
        method,
        path: spec.path,
        functionName: fn.name,
        ...(authorizer ? { authorizer: authorizer.name } : {}),
        scopes: authorizer?.scopes ?? [],
      });
    }
  }
  const throttling = throttlingOf(config);
  return {
    routes,
    authorizers,
    ...(provider.cors ? { cors: provider.cors } : {}),
    ...(throttling ? { throttling } : {}),
  };
}
