/**
 * The console page's routes (a hash router, page/main.ts): `#/` lists executions,
 * `#/execution/<executionArn, URI-encoded>` shows one. Shared by the page and by anything that
 * links to it from outside (sls invoke local prints the link of the execution it started).
 */
export const EXECUTION_ROUTE_PREFIX = '#/execution/';

/** `#/execution/<arn>` for one execution. */
export function executionRoute(executionArn: string): string {
  return `${EXECUTION_ROUTE_PREFIX}${encodeURIComponent(executionArn)}`;
}

/**
 * The page of one execution on the console served at `consoleBaseUrl` (e.g. `http://127.0.0.1:40135`),
 * with the console's key when given (`/?key=…#/execution/…`: console/guard.ts).
 */
export function executionPageUrl(consoleBaseUrl: string, executionArn: string, key?: string): string {
  const base = consoleBaseUrl.replace(/\/+$/, '');
  const query = key === undefined ? '' : `?key=${encodeURIComponent(key)}`;
  return `${base}/${query}${executionRoute(executionArn)}`;
}
