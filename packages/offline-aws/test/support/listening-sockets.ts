/**
 * The TCP sockets a set of processes listen on, read from Linux's /proc (what `ss -ltnp` shows):
 * /proc/<pid>/fd names each socket's inode, /proc/net/tcp and tcp6 give the inode's local address
 * and state (0A = LISTEN). Linux only: `available` is false elsewhere.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  /** The owner, when it is one of the processes asked about. */
  pid?: number;
  /** The local address as ss prints it: `127.0.0.1`, `0.0.0.0`, `::1`, `::`, `::ffff:127.0.0.1`. */
  address: string;
  port: number;
}

export const available = existsSync('/proc/net/tcp');

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // The descriptor closed while we read the folder.
    }
  }
  return inodes;
}

/** /proc/net/tcp's little-endian hex words, as an address ss would print. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return text;
}

/**
 * Every listening TCP socket of these processes, and every one on these ports whoever owns it (a
 * process of another user cannot be read, but its socket on a port we know still shows).
 */
export function listeningSockets({ pids = [], ports = [] }: { pids?: number[]; ports?: number[] }): ListeningSocket[] {
  const owner = new Map<string, number>();
  for (const pid of pids) for (const inode of socketInodes(pid)) owner.set(inode, pid);
  const wanted = new Set(ports);
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local = '', , state, , , , , , inode = ''] = line.trim().split(/\s+/);
      if (state !== '0A') continue;
      const pid = owner.get(inode);
      const [hexAddress = '', hexPort = ''] = local.split(':');
      const port = parseInt(hexPort, 16);
      if (pid === undefined && !wanted.has(port)) continue;
      sockets.push({ ...(pid === undefined ? {} : { pid }), address: addressOf(hexAddress), port });
    }
  }
  return sockets;
}

/** Whether an address is the loopback interface (IPv4, IPv6 or IPv4-mapped). */
export const isLoopback = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
