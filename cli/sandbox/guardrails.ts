// The attack guardrails: every target and source of an attack must be a host of the running
// sandbox. Pure and checked before any tool starts, so no packet ever leaves for another address.
// Host names are matched against the sandbox only; nothing is ever resolved through DNS.
import { GuardrailError } from './errors.js';
import { addressClass, inCidr, parseCidr, parseIpv4 } from './ipv4.js';
import type { SandboxHost, SandboxLayout } from './layout.js';

export interface GuardrailInput {
  readonly layout: SandboxLayout;
  /** IPv4 addresses of the machine running ziem (its own interfaces, in the root namespace). */
  readonly ownAddresses: readonly string[];
}

function refuse(target: string, why: string): never {
  throw new GuardrailError(target, `refusing target "${target}": ${why}`);
}

/** The sandbox host an attack may be aimed at, given a host name or an address. */
export function checkTarget(target: string, g: GuardrailInput): SandboxHost {
  const t = target.trim();
  if (t === '') refuse(target, 'an empty target');
  const cidr = parseCidr(g.layout.cidr);
  if (!cidr) refuse(target, `the sandbox network ${g.layout.cidr} is not a valid CIDR`);
  const ip = parseIpv4(t);
  if (ip === undefined) {
    if (t.includes(':')) refuse(target, 'IPv6 addresses are never sandbox hosts (the sandbox is IPv4 only)');
    if (t.includes('/')) refuse(target, 'a network range is not a host; name one sandbox host');
    const byName = g.layout.hosts.find((h) => h.name === t);
    if (!byName)
      refuse(target, `it is not the name of a sandbox host (hosts: ${g.layout.hosts.map((h) => h.name).join(', ')})`);
    return checkHostAddress(target, byName, g);
  }
  const cls = addressClass(ip);
  if (cls === 'loopback') refuse(target, 'it is a loopback address');
  if (g.ownAddresses.includes(t)) refuse(target, "it is one of this machine's own addresses");
  if (!inCidr(ip, cidr)) refuse(target, `it is a ${cls} address outside the sandbox network ${g.layout.cidr}`);
  const host = g.layout.hosts.find((h) => h.ip === t);
  if (!host)
    refuse(
      target,
      `no sandbox host has this address (the network, broadcast and unassigned addresses of ${g.layout.cidr} are not hosts)`,
    );
  return checkHostAddress(target, host, g);
}

/** Defence in depth: even a sandbox host's address is refused if it is also one of ours. */
function checkHostAddress(target: string, host: SandboxHost, g: GuardrailInput): SandboxHost {
  const cidr = parseCidr(g.layout.cidr)!;
  const ip = parseIpv4(host.ip);
  if (ip === undefined || !inCidr(ip, cidr))
    refuse(target, `host ${host.name} has address ${host.ip} outside ${g.layout.cidr}`);
  if (g.ownAddresses.includes(host.ip))
    refuse(target, `host ${host.name}'s address ${host.ip} is also one of this machine's own addresses`);
  return host;
}

/** The sandbox host an attack is launched from: a host name only (attacks run in its namespace). */
export function checkSource(source: string, layout: SandboxLayout): SandboxHost {
  const host = layout.hosts.find((h) => h.name === source.trim());
  if (!host) {
    throw new GuardrailError(
      source,
      `refusing source "${source}": it is not the name of a sandbox host (hosts: ${layout.hosts.map((h) => h.name).join(', ')})`,
    );
  }
  return host;
}

/** A source attacking itself would only exercise loopback inside its namespace, which nobody captures. */
export function checkPair(src: SandboxHost, dst: SandboxHost): void {
  if (src.name === dst.name)
    throw new GuardrailError(dst.name, `refusing target "${dst.name}": it is the source host itself`);
}
