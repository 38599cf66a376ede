/**
 * The emulator's port across restarts with `--data`: an SQS queue URL never changes on AWS, and the
 * emulator restores a queue with the URL it created it with, port included. So a start with a data
 * directory takes the port of the last one again when it is free; when it is not, a free one (the
 * URLs ListQueues lists then name the old port, and requests still reach a queue by its name:
 * docs/fidelity.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where the port is kept in the emulator's data directory. */
const PORT_FILE = 'port';

/** Whether 127.0.0.1:`port` can be listened on now. */
const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** The port the last start with this data directory had, if it is a port. */
function keptPort(dataDirectory: string): number | undefined {
  const file = join(dataDirectory, PORT_FILE);
  if (!existsSync(file)) return undefined;
  const port = Number(readFileSync(file, 'utf8'));
  return Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : undefined;
}

const isAddressInUse = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EADDRINUSE';

/**
 * Starts the emulator (`start(port)`, 0: a free port) on `port` when one is given; else, with a data
 * directory, on the port kept there when it is free (or taken meanwhile: then a free one), and keeps
 * the port it got there for the next start.
 */
export async function onTheSamePort<S extends { port: number }>(
  options: { port?: number; dataDirectory?: string },
  start: (port: number) => Promise<S>,
): Promise<S> {
  if (options.port !== undefined) return start(options.port);
  const { dataDirectory } = options;
  if (dataDirectory === undefined) return start(0);
  const kept = keptPort(dataDirectory);
  let server: S;
  if (kept !== undefined && (await isFree(kept))) {
    try {
      server = await start(kept);
    } catch (error) {
      // Taken between the probe and the start.
      if (!isAddressInUse(error)) throw error;
      server = await start(0);
    }
  } else server = await start(0);
  writeFileSync(join(dataDirectory, PORT_FILE), String(server.port));
  return server;
}
