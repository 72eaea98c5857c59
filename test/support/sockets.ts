// Which addresses a TCP port is listening on, read from the kernel's socket tables (Linux /proc),
// and whether it answers on this machine's non-loopback addresses. The loopback tests of
// DynamoDB Local and of the gateway use both: the first says what is bound, the second what a
// neighbour on the network would reach.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

export interface ListeningSocket {
  address: string;
  port: number;
  family: 4 | 6;
  inode: string;
}

const LISTEN = '0A';

/** /proc/net/tcp writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): { address: string; family: 4 | 6 } {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return { address: bytes.join('.'), family: 4 };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // The WHATWG URL parser writes the canonical short form: '::', '::1', '::ffff:7f00:1'.
  return { address: new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1), family: 6 };
}

/** Every listening TCP socket of this machine (network namespace), IPv4 and IPv6. */
function allListening(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && table.endsWith('6')) continue; // IPv6 disabled
      throw e;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      const [addressHex, portHex] = fields[1].split(':');
      sockets.push({ ...decodeAddress(addressHex), port: parseInt(portHex, 16), inode: fields[9] });
    }
  }
  return sockets;
}

/** Every socket listening on `port`. */
export function listeningOn(port: number): ListeningSocket[] {
  return allListening().filter((s) => s.port === port);
}

/** Every socket a process listens on, found through its open descriptors. */
export function listeningSocketsOf(pid: number): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return allListening().filter((s) => inodes.has(s.inode));
}

/** 127.0.0.0/8, ::1, or 127.x as an IPv4-mapped IPv6 address. */
export const isLoopback = (address: string) => /^127\./.test(address) || address === '::1' || /^::ffff:7f[0-9a-f]{2}:/.test(address);

/** This machine's addresses other than loopback (IPv6 link-local ones need a scope; left out). */
export function externalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80:')))
    .map((a) => a.address);
}

/** Whether a TCP connection to host:port is accepted. A refusal or silence both mean "not reachable". */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
