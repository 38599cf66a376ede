/**
 * What consecutive stacks of one test process share, so that each function's execution
 * environments carry over warm from one test file's stack to the next (packages/offline-aws/src/lambda/pool.ts
 * `keepWarm`): the same table names on the shared DynamoDB Local and the same emulator ports, hence
 * the same variables in every function's environment. Test files run one after another in a
 * process of jest-light-runner, and each used to pay a cold start per function it called.
 *
 * One stack at a time holds the lease; a stack started while another holds it gets a random table
 * suffix and free ports of its own, as before.
 */
import { randomUUID } from 'node:crypto';
import { freePort } from 'offline-aws/dynamodb/dynamodb-local';
import type { RuntimeOptions } from 'offline-aws/runtime';

export interface ProcessLease {
  tableSuffix: string;
  ports: NonNullable<RuntimeOptions['ports']>;
  release(): void;
}

const TABLE_SUFFIX = `-${randomUUID().slice(0, 8)}`;
let held = false;
let ports: Promise<NonNullable<RuntimeOptions['ports']>> | undefined;

/** The process's table suffix and ports, or undefined while another stack holds them. */
export async function takeProcessLease(): Promise<ProcessLease | undefined> {
  if (held) return undefined;
  held = true;
  ports ??= (async () => {
    const taken = new Set<number>();
    const distinct = async (): Promise<number> => {
      let port = await freePort();
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      return port;
    };
    return { messaging: await distinct(), stepFunctions: await distinct(), lambda: await distinct() };
  })();
  try {
    return {
      tableSuffix: TABLE_SUFFIX,
      ports: await ports,
      release: () => {
        held = false;
      },
    };
  } catch (error) {
    // No ports to offer: free the lease (and try again next time), and say why.
    held = false;
    ports = undefined;
    throw error;
  }
}

/** Another process took one of the ports in between: this process picks new ones next time. */
export function forgetPorts(): void {
  ports = undefined;
}

/** True for a listen error on a port in use. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
