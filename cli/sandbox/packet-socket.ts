// Readiness of a live capture: dumpcap prints "Capturing on" before it opens the interface, so the
// agent instead waits until the process holds an AF_PACKET socket (listed in /proc/net/packet).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Inodes of the packet sockets in this network namespace. */
function packetSocketInodes(): Set<string> {
  const lines = readFileSync('/proc/net/packet', 'utf8').trim().split('\n').slice(1);
  return new Set(lines.map((l) => l.trim().split(/\s+/).pop() ?? '').filter(Boolean));
}

/** Whether `pid` has a packet socket open, i.e. the kernel is queueing packets for it. */
export function holdsPacketSocket(pid: number): boolean {
  try {
    const inodes = packetSocketInodes();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) return true;
    }
  } catch {
    // the process is gone or fds changed under us: not (yet) capturing
  }
  return false;
}
