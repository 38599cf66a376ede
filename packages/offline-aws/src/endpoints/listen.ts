/**
 * Every local endpoint (Step Functions, Lambda, the HTTP API, the issuer, the console) listens the
 * same way: on 127.0.0.1 only, on the given port or a free one, serving only requests whose Host
 * is a loopback name of that port (DNS rebinding), and stops by closing its open connections first
 * (keep-alive clients would otherwise hold `close` open).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The names a client of a loopback endpoint reaches it by. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Whether `host` (a Host header) names this machine's loopback interface on `port`. Anything else
 * reached a loopback socket through a name that is not loopback: a web page using DNS rebinding
 * (its own domain resolved to 127.0.0.1), which the endpoint must not serve.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  const match = /^(.+):(\d+)$/.exec(host ?? '');
  return match !== null && LOOPBACK_HOSTS.has((match[1] ?? '').toLowerCase()) && Number(match[2]) === port;
}

/**
 * Puts a Host check before the server's own request handlers: a request whose Host is not a
 * loopback name of this port is answered 403 `{ message }` and goes no further.
 */
function guardHost(server: Server): void {
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const port = (server.address() as AddressInfo | null)?.port ?? 0;
    if (!isLoopbackHost(request.headers.host, port)) {
      response.writeHead(403, { 'content-type': 'application/json', connection: 'close' });
      response.end(
        JSON.stringify({
          message: `Host "${request.headers.host ?? ''}" is not a loopback name of this endpoint (127.0.0.1 or localhost, port ${port})`,
        }),
      );
      return;
    }
    for (const handler of handlers) handler.call(server, request, response);
  });
}

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `server` listening on 127.0.0.1.
 * @param port a fixed port; a free one when omitted or 0.
 * @param describeError turns a listen error (e.g. EADDRINUSE) into the error thrown.
 * @throws the listen error, through `describeError` when given.
 */
export async function listenLocal(
  server: Server,
  port = 0,
  describeError: (error: NodeJS.ErrnoException) => Error = (error) => error,
): Promise<Listening> {
  guardHost(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(describeError(error)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
