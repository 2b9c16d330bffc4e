// The sandbox's desired shape, derived from config alone: host names, roles, addresses, namespace
// and veth names, the bridge. Pure, so tests can run a second sandbox (other prefix and CIDR)
// beside a real one. Names are prefixed so `down` and the guardrails never touch anything else.
import { SandboxError } from './errors.js';
import { broadcastOf, formatIpv4, isPrivateNetwork, parseCidr, type Cidr } from './ipv4.js';

export const ROLES = ['web', 'db', 'workstation', 'attacker'] as const;
export type Role = (typeof ROLES)[number];

export interface SandboxHost {
  readonly name: string;
  readonly role: Role;
  readonly ip: string;
  /** network namespace name */
  readonly ns: string;
  /** host-side end of the veth pair, enslaved to the bridge */
  readonly veth: string;
}

export interface SandboxLayout {
  readonly prefix: string;
  readonly cidr: string;
  readonly bridge: string;
  readonly hosts: readonly SandboxHost[];
}

export interface LayoutInput {
  cidr: string;
  prefix: string;
  bridge: string;
  roles: readonly string[];
}

/** The interface name inside each namespace; namespaces are separate, so it can be the same. */
export const INNER_IF = 'eth0';

function parseRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw new SandboxError('SANDBOX_HOSTS', 'the sandbox needs at least one host role');
  return roles.map((r) => {
    const role = r.trim() as Role;
    if (!ROLES.includes(role))
      throw new SandboxError('SANDBOX_HOSTS', `unknown host role "${r}" (expected one of ${ROLES.join(', ')})`);
    return role;
  });
}

function checkCidr(text: string, hostCount: number): Cidr {
  const c = parseCidr(text);
  if (!c) throw new SandboxError('SANDBOX_CIDR', `sandbox.cidr: "${text}" is not an IPv4 CIDR like 10.77.0.0/24`);
  if (!isPrivateNetwork(c)) {
    throw new SandboxError(
      'SANDBOX_CIDR',
      `sandbox.cidr: ${c.text} is not inside a private range (10/8, 172.16/12, 192.168/16)`,
    );
  }
  // .1 stays free (a gateway on other targets), hosts start at .2, the broadcast address is unusable
  const usable = broadcastOf(c) - c.network - 2;
  if (usable < hostCount) {
    throw new SandboxError(
      'SANDBOX_CIDR',
      `sandbox.cidr: ${c.text} has room for ${Math.max(usable, 0)} hosts, ${hostCount} requested`,
    );
  }
  return c;
}

/** web, db → "web", "db"; a repeated role is numbered: web1, web2. */
function hostNames(roles: readonly Role[]): string[] {
  const count = new Map<Role, number>();
  for (const r of roles) count.set(r, (count.get(r) ?? 0) + 1);
  const seen = new Map<Role, number>();
  return roles.map((r) => {
    const n = (seen.get(r) ?? 0) + 1;
    seen.set(r, n);
    return (count.get(r) ?? 0) > 1 ? `${r}${n}` : r;
  });
}

export function planLayout(input: LayoutInput): SandboxLayout {
  const roles = parseRoles(input.roles);
  const c = checkCidr(input.cidr, roles.length);
  if (`${input.prefix}v${roles.length - 1}`.length > 15 || input.bridge.length > 15) {
    throw new SandboxError(
      'SANDBOX_NAMES',
      `sandbox.prefix "${input.prefix}" makes interface names longer than 15 characters`,
    );
  }
  const names = hostNames(roles);
  const hosts = roles.map((role, i) => ({
    name: names[i]!,
    role,
    ip: formatIpv4(c.network + 2 + i),
    ns: `${input.prefix}${names[i]!}`,
    veth: `${input.prefix}v${i}`,
  }));
  return { prefix: input.prefix, cidr: c.text, bridge: input.bridge, hosts };
}
