/**
 * A counting pass-through in front of DynamoDB Local: every request the handlers send is counted
 * by operation (from the X-Amz-Target header) on the wire, so cost and benchmark figures are
 * counted, not guessed, and service code needs no instrumentation. It can also play an outage:
 * for a while every connection is reset, as when the database is unreachable (tests of what the
 * handlers report and the retriers do).
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from '../endpoints/listen';

export interface RequestCounter {
  endpoint: string;
  /** Requests per DynamoDB operation since the last reset. */
  counts(): Record<string, number>;
  total(): number;
  /**
   * Request units the requests would consume on demand, assuming items under 1 KB (writes) and
   * 4 KB (reads): a transactional item costs two units, a strongly consistent read one.
   */
  units(): { read: number; write: number };
  reset(): void;
  /** Resets every request for `ms` milliseconds (the database unreachable), then forwards again. */
  outage(ms: number): void;
  stop(): Promise<void>;
}

export async function startRequestCounter(target: string): Promise<RequestCounter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts = new Map<string, number>();
  const units = { read: 0, write: 0 };
  let downUntil = 0;

  const account = (operation: string, body: string) => {
    switch (operation) {
      case 'GetItem':
      case 'Query':
      case 'Scan':
        units.read += 1;
        break;
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        units.write += 1;
        break;
      case 'TransactWriteItems':
        units.write += 2 * ((JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems?.length ?? 0);
        break;
      case 'BatchWriteItem': {
        const requests = Object.values(
          (JSON.parse(body) as { RequestItems?: Record<string, unknown[]> }).RequestItems ?? {},
        );
        units.write += requests.reduce((sum, list) => sum + list.length, 0);
        break;
      }
      default:
        break;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (Date.now() < downUntil) {
      // The connection goes as a dead server's would: the client sees ECONNRESET.
      req.socket.destroy();
      return;
    }
    const operation =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => account(operation, Buffer.concat(chunks).toString('utf8')));
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`request counter: ${error.message}`);
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  const listening = await listenLocal(server);

  return {
    endpoint: listening.url,
    counts: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    units: () => ({ ...units }),
    outage: (ms) => {
      downUntil = Date.now() + ms;
    },
    reset: () => {
      counts.clear();
      units.read = 0;
      units.write = 0;
    },
    stop: async () => {
      agent.destroy();
      await listening.stop();
    },
  };
}
