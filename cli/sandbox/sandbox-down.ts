// `ziem sandbox down`: removes exactly what `up` recorded: its processes (and any process left in
// its namespaces), the namespaces, the veths and the bridge; then the sandbox state dir.
import { deleteLink, deleteNamespace, listNamespaces, namespacePids } from './netns.js';
import { runsProgram, stopPids } from './processes.js';
import { readState, removeSandboxDir, type SandboxState } from './state.js';

export interface DownResult {
  readonly removed: string[];
}

export async function sandboxDown(stateDir: string, stopTimeoutMs: number): Promise<DownResult | undefined> {
  const st = readState(stateDir);
  if (!st) return undefined;
  const removed: string[] = [];
  await stopProcesses(st, stopTimeoutMs, removed);
  const live = new Set(await listNamespaces());
  for (const ns of st.namespaces) {
    if (!live.has(ns)) continue;
    // deleting the namespace deletes its end of the veth pair, and with it the bridge end
    await deleteNamespace(ns);
    removed.push(`namespace ${ns}`);
  }
  for (const v of st.veths) await deleteLink(v);
  if (st.bridge) {
    await deleteLink(st.layout.bridge);
    removed.push(`bridge ${st.layout.bridge}`);
  }
  removeSandboxDir(stateDir);
  return { removed };
}

async function stopProcesses(st: SandboxState, timeoutMs: number, removed: string[]): Promise<void> {
  const pids = st.processes.filter((p) => runsProgram(p.pid, p.exe)).map((p) => p.pid);
  // anything else still inside our namespaces (an attack tool, a capture) was started in the
  // sandbox and dies with it; a namespace with live processes would otherwise linger unnamed
  const live = new Set(await listNamespaces());
  for (const ns of st.namespaces) if (live.has(ns)) pids.push(...(await namespacePids(ns)));
  const unique = [...new Set(pids)].filter((p) => p !== process.pid);
  await stopPids(unique, timeoutMs);
  for (const p of st.processes) if (unique.includes(p.pid)) removed.push(`${p.service} on ${p.host} (pid ${p.pid})`);
}
