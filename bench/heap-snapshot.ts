// The live JavaScript heap of a child Node process, measured through a heap snapshot: the child
// runs with --heapsnapshot-signal=SIGUSR2, V8 runs a full garbage collection before it writes the
// snapshot, and the sum of the nodes' self sizes is what is still reachable. Separates a leak (the
// live heap grows) from memory the allocator keeps after a burst (RSS stays high, heap does not).
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

export const HEAP_SNAPSHOT_FLAG = '--heapsnapshot-signal=SIGUSR2';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  snapshot: { meta: { node_fields: string[] } };
  nodes: number[];
}

function liveBytes(file: string): number | undefined {
  let s: Snapshot;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    return undefined; // still being written
  }
  const fields = s.snapshot.meta.node_fields;
  const at = fields.indexOf('self_size');
  let total = 0;
  for (let i = at; i < s.nodes.length; i += fields.length) total += s.nodes[i]!;
  return total;
}

/** Signals `child` (started with HEAP_SNAPSHOT_FLAG in `cwd`) and reads its live heap in MB. */
export async function liveHeapMb(child: ChildProcess, cwd: string, timeoutMs = 60_000): Promise<number> {
  const before = new Set(readdirSync(cwd).filter((f) => f.endsWith('.heapsnapshot')));
  child.kill('SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await sleep(250);
    const file = readdirSync(cwd).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const path = join(cwd, file);
    const size = statSync(path).size;
    if (size === 0 || size !== lastSize) {
      lastSize = size;
      continue;
    }
    const bytes = liveBytes(path);
    if (bytes === undefined) continue;
    rmSync(path, { force: true });
    return Math.round((bytes / 1024 / 1024) * 10) / 10;
  }
  throw new Error(`no heap snapshot from process ${child.pid} within ${timeoutMs} ms`);
}
