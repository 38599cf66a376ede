/**
 * Every local endpoint (Step Functions, Lambda, the HTTP API, the issuer, the console) listens the
 * same way: on 127.0.0.1 only, on the given port or a free one, and stops by closing its open
 * connections first (keep-alive clients would otherwise hold `close` open).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
