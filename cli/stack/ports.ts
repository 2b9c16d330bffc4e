// Port checks before anything starts: is a port free on the bind address, and if not, which process
// holds it (pid and command line, from /proc/net/tcp* and /proc/<pid>/fd), so the error can name it.
import { createServer } from 'node:net';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface PortOwner {
  readonly pid: number;
  readonly command: string;
}

/** True when a listener can bind host:port right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A free port chosen by the kernel on host (used by tests and benchmarks). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ host, port: 0, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Socket inodes listening on a port, from /proc/net/tcp and tcp6 text (state 0A = LISTEN). */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A' && f[9]) out.push(f[9]);
  }
  return out;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function pidHoldingInode(inodes: ReadonlySet<string>): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m?.[1] && inodes.has(m[1])) return Number(entry);
    }
  }
  return undefined;
}

/** The process listening on a TCP port, when /proc lets us see it. */
export function findPortOwner(port: number): PortOwner | undefined {
  const text = readOr('/proc/net/tcp', '') + readOr('/proc/net/tcp6', '').split('\n').slice(1).join('\n');
  const inodes = new Set(listeningInodes(text, port));
  if (inodes.size === 0) return undefined;
  const pid = pidHoldingInode(inodes);
  if (pid === undefined) return undefined;
  const command = readOr(`/proc/${pid}/cmdline`, '').split('\0').filter(Boolean).join(' ');
  return { pid, command: command.length > 200 ? `${command.slice(0, 200)}…` : command };
}
