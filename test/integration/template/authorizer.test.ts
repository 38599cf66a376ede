/**
 * The API's edge security in the CloudFormation template that `sls package` generates (offline):
 * every HTTP API route has the JWT authorizer, the authorizer has the configured issuer and
 * audience, the stage is throttled and CORS allows only the configured origins.
 *
 * The package runs once, in a private copy of the project (sources and config; node_modules is
 * linked): serverless-esbuild works in `<project>/.esbuild`, which two `sls package` runs in the
 * same directory (this test and another one running in parallel) would delete under each other.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
}
interface ApiParams {
  jwtIssuer: string;
  jwtAudience: string;
  corsAllowedOrigins: string[];
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
}

const root = resolve(__dirname, '../../..');
/** Not copied: dependencies (linked instead), VCS, and local state and build output. */
const NOT_COPIED = new Set(['node_modules', '.git', '.local', '.esbuild', '.serverless', 'coverage']);

let workDir: string;
let template: Template;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'order-processing-authorizer-'));
  const project = join(workDir, 'project');
  const out = join(workDir, 'package');
  cpSync(root, project, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(relative(root, source).split(sep)[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  const result = spawnSync('npx', ['sls', 'package', '--package', out], {
    cwd: project,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const reason = result.error ? String(result.error) : `exit ${String(result.status)}`;
    throw new Error(`sls package failed (${reason})\n${result.stdout}${result.stderr}`);
  }
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}, 150_000);

afterAll(() => {
  if (!workDir) return;
  // Unlink node_modules first: the recursive removal must never reach the real one.
  try {
    unlinkSync(join(workDir, 'project', 'node_modules'));
  } catch {
    // not linked (the copy failed early)
  }
  rmSync(workDir, { recursive: true, force: true });
});

/** The default stage parameters, as written in serverless.yml (`sls package` packages stage dev). */
function apiParams(): ApiParams {
  const config = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
    params: { default: ApiParams };
  };
  return config.params.default;
}

const resourcesOfType = (type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

function single(type: string): [string, Resource] {
  const found = resourcesOfType(type);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error(`no ${type} in the template`);
  return first;
}

it('puts the JWT authorizer on every HTTP API route', () => {
  const [authorizerId] = single('AWS::ApiGatewayV2::Authorizer');
  const routes = resourcesOfType('AWS::ApiGatewayV2::Route');
  expect(routes.map(([, route]) => route.Properties?.RouteKey).sort()).toEqual(
    expect.arrayContaining([
      'GET /orders/{orderId}',
      'POST /orders',
      'POST /orders/{orderId}/cancel',
      'POST /orders/{orderId}/review',
    ]),
  );
  const unprotected = routes
    .filter(
      ([, route]) =>
        route.Properties?.AuthorizationType !== 'JWT' ||
        JSON.stringify(route.Properties.AuthorizerId) !== JSON.stringify({ Ref: authorizerId }),
    )
    .map(([logicalId, route]) => `${logicalId} (${String(route.Properties?.RouteKey)})`);
  expect(unprotected).toEqual([]);
});

it("configures the authorizer with the stage's issuer and audience, reading the bearer token", () => {
  const params = apiParams();
  const [, authorizer] = single('AWS::ApiGatewayV2::Authorizer');
  expect(authorizer.Properties).toMatchObject({
    ApiId: { Ref: 'HttpApi' },
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: params.jwtIssuer, Audience: [params.jwtAudience] },
  });
  expect(params.jwtIssuer).toMatch(/^https:\/\//);
});

it('throttles the stage with the configured rate and burst', () => {
  const params = apiParams();
  const [, stage] = single('AWS::ApiGatewayV2::Stage');
  expect(stage.Properties?.DefaultRouteSettings).toEqual({
    DetailedMetricsEnabled: false,
    ThrottlingRateLimit: params.throttlingRateLimit,
    ThrottlingBurstLimit: params.throttlingBurstLimit,
  });
  expect(params.throttlingRateLimit).toBeGreaterThan(0);
  expect(params.throttlingBurstLimit).toBeGreaterThanOrEqual(params.throttlingRateLimit);
});

it('allows CORS from the configured origins only, with the headers the API reads', () => {
  const params = apiParams();
  const [, api] = single('AWS::ApiGatewayV2::Api');
  const cors = api.Properties?.CorsConfiguration as Record<string, unknown> | undefined;
  expect(cors?.AllowOrigins).toEqual(params.corsAllowedOrigins);
  expect(cors?.AllowOrigins).not.toContain('*');
  expect(cors?.AllowHeaders).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key']));
});
