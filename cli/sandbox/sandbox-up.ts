// `ziem sandbox up`: builds the sandbox from its layout: the bridge, one namespace and veth per
// host, addresses, then the services. Each created object is recorded in the state before the next
// step, so a failure part-way leaves a state `down` can clean up completely.
import { networkInterfaces } from 'node:os';
import { SandboxError } from './errors.js';
import { parseCidr, parseIpv4, inCidr } from './ipv4.js';
import type { SandboxLayout } from './layout.js';
import { createBridge, createNamespace, createVeth, linkExists, listNamespaces } from './netns.js';
import { startServices } from './services.js';
import { readState, sandboxDir, writeState, type SandboxState } from './state.js';

/** IPv4 addresses of this machine's interfaces (root namespace). */
export function ownAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((l) =>
    (l ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address),
  );
}

/** Refuses names that already exist: `up` never adopts (and `down` would then delete) others' links. */
async function checkFree(layout: SandboxLayout): Promise<void> {
  const problems: string[] = [];
  const nss = new Set(await listNamespaces());
  for (const h of layout.hosts) if (nss.has(h.ns)) problems.push(`network namespace ${h.ns} already exists`);
  for (const link of [layout.bridge, ...layout.hosts.map((h) => h.veth)])
    if (await linkExists(link)) problems.push(`link ${link} already exists`);
  const cidr = parseCidr(layout.cidr)!;
  for (const a of ownAddresses()) {
    const ip = parseIpv4(a);
    if (ip !== undefined && inCidr(ip, cidr))
      problems.push(`this machine's address ${a} is inside sandbox.cidr ${layout.cidr}`);
  }
  if (problems.length > 0) {
    throw new SandboxError('SANDBOX_CONFLICT', `cannot build the sandbox:\n  ${problems.join('\n  ')}`, {
      hint: 'choose another sandbox.prefix / sandbox.cidr, or remove the objects another tool left behind',
    });
  }
}

export async function sandboxUp(stateDir: string, layout: SandboxLayout, now: number): Promise<SandboxState> {
  const existing = readState(stateDir);
  if (existing) {
    throw new SandboxError(
      'SANDBOX_EXISTS',
      `a sandbox is already up (bridge ${existing.layout.bridge}, recorded in ${sandboxDir(stateDir)})`,
      {
        hint: 'run `ziem sandbox down` first, or use another --state-dir',
      },
    );
  }
  await checkFree(layout);
  const st: SandboxState = { layout, createdAt: now, bridge: false, namespaces: [], veths: [], processes: [] };
  const save = (): void => writeState(stateDir, st);
  save();
  await createBridge(layout.bridge);
  st.bridge = true;
  save();
  const bits = parseCidr(layout.cidr)!.bits;
  for (const h of layout.hosts) {
    st.namespaces.push(h.ns);
    save();
    await createNamespace(h.ns);
    st.veths.push(h.veth);
    save();
    await createVeth(h, layout.bridge, bits);
  }
  for (const h of layout.hosts) {
    await startServices(sandboxDir(stateDir), h, (p) => {
      st.processes.push(p);
      save();
    });
  }
  return st;
}
