// Low-level link and namespace operations on top of iproute2: the bridge, one namespace per host,
// a veth pair from the bridge into it, addresses. IPv6 is switched off on every sandbox link so
// that the capture sees only the IPv4 traffic the scenarios generate.
import { runInNs, runTool } from './run-tool.js';
import { INNER_IF, type SandboxHost } from './layout.js';

export async function listNamespaces(): Promise<string[]> {
  const r = await runTool('ip', ['-j', 'netns', 'list']);
  const out = r.stdout.trim();
  if (!out) return [];
  return (JSON.parse(out) as Array<{ name: string }>).map((n) => n.name);
}

export async function linkExists(name: string): Promise<boolean> {
  const r = await runTool('ip', ['link', 'show', 'dev', name], { okCodes: [0, 1] });
  return r.code === 0;
}

async function disableIpv6(conf: string, ns?: string): Promise<void> {
  const args = ['-q', '-w', `net.ipv6.conf.${conf}.disable_ipv6=1`];
  // some kernels are booted without IPv6: then there is nothing to switch off
  if (ns) await runInNs(ns, 'sysctl', args, { okCodes: [0, 255, 1] });
  else await runTool('sysctl', args, { okCodes: [0, 255, 1] });
}

export async function createBridge(name: string): Promise<void> {
  await runTool('ip', ['link', 'add', name, 'type', 'bridge']);
  await disableIpv6(name);
  // forward at once: the default 15 s STP forward delay would drop the first packets of every test
  await runTool('ip', ['link', 'set', name, 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0']);
  await runTool('ip', ['link', 'set', name, 'up']);
}

export async function createNamespace(ns: string): Promise<void> {
  await runTool('ip', ['netns', 'add', ns]);
  await disableIpv6('all', ns);
  await disableIpv6('default', ns);
  await runInNs(ns, 'ip', ['link', 'set', 'lo', 'up']);
}

export async function createVeth(h: SandboxHost, bridge: string, prefixBits: number): Promise<void> {
  await runTool('ip', ['link', 'add', h.veth, 'type', 'veth', 'peer', 'name', INNER_IF, 'netns', h.ns]);
  await disableIpv6(h.veth);
  await runTool('ip', ['link', 'set', h.veth, 'master', bridge]);
  await runTool('ip', ['link', 'set', h.veth, 'up']);
  await runInNs(h.ns, 'ip', ['addr', 'add', `${h.ip}/${prefixBits}`, 'dev', INNER_IF]);
  await runInNs(h.ns, 'ip', ['link', 'set', INNER_IF, 'up']);
}

/** Pids of every process whose network namespace is `ns`. */
export async function namespacePids(ns: string): Promise<number[]> {
  const r = await runTool('ip', ['netns', 'pids', ns], { okCodes: [0, 1, 255] });
  return r.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 1);
}

export async function deleteNamespace(ns: string): Promise<void> {
  await runTool('ip', ['netns', 'del', ns], { okCodes: [0, 1, 255] });
}

export async function deleteLink(name: string): Promise<void> {
  // a veth disappears on its own, asynchronously, once its peer's namespace is gone: "Cannot find
  // device" (exit 1) then means it is already removed
  await runTool('ip', ['link', 'del', name], { okCodes: [0, 1] });
  if (await linkExists(name)) await runTool('ip', ['link', 'del', name]);
}
