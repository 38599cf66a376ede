/**
 * Route selection as an HTTP API does it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html):
 * the most specific match wins — a literal segment before a path variable `{name}`, a path
 * variable before a greedy one `{name+}` (last segment only, matching one or more segments), a
 * route's own method before `ANY` — and `$default` takes what no route matches. Paths are
 * case-sensitive.
 */
import type { HttpRoute } from './config';

export interface RouteMatch {
  route: HttpRoute;
  /** Path variables by name, URL-decoded; empty when the route has none. */
  pathParameters: Record<string, string>;
}

type Segment =
  { kind: 'literal'; value: string } | { kind: 'variable'; name: string } | { kind: 'greedy'; name: string };

/** Rank of a segment kind: lower is more specific. */
const RANK = { literal: 0, variable: 1, greedy: 2 } as const;

function segmentsOf(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const greedy = /^\{(\w+)\+\}$/.exec(part);
      if (greedy?.[1]) return { kind: 'greedy', name: greedy[1] };
      const variable = /^\{(\w+)\}$/.exec(part);
      if (variable?.[1]) return { kind: 'variable', name: variable[1] };
      return { kind: 'literal', value: part };
    });
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The path variables if `rawPath` matches `route.path`, else undefined. */
function matchPath(route: HttpRoute, rawPath: string): Record<string, string> | undefined {
  const pattern = segmentsOf(route.path);
  const parts = rawPath.split('/').slice(1);
  const parameters: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index).join('/');
      if (rest === '') return undefined;
      parameters[segment.name] = decode(rest);
      return parameters;
    }
    if (segment.kind === 'literal') {
      if (segment.value !== part) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return parts.length === pattern.length ? parameters : undefined;
}

/** Negative when `a` is more specific than `b`. */
function compareSpecificity(a: HttpRoute, b: HttpRoute): number {
  const sa = segmentsOf(a.path);
  const sb = segmentsOf(b.path);
  for (let i = 0; i < Math.min(sa.length, sb.length); i += 1) {
    const difference = RANK[(sa[i] as Segment).kind] - RANK[(sb[i] as Segment).kind];
    if (difference !== 0) return difference;
  }
  if (sa.length !== sb.length) return sb.length - sa.length;
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

/**
 * The route serving `method rawPath` (rawPath without the query string), or undefined when no
 * route matches and there is no `$default` route (API Gateway answers 404 `{"message":"Not Found"}`).
 */
export function selectRoute(routes: readonly HttpRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const candidates: RouteMatch[] = [];
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    if (route.method !== 'ANY' && route.method !== method.toUpperCase()) continue;
    const pathParameters = matchPath(route, rawPath);
    if (pathParameters) candidates.push({ route, pathParameters });
  }
  candidates.sort((a, b) => compareSpecificity(a.route, b.route));
  const best = candidates[0];
  if (best) return best;
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
