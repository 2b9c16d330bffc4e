// IPv4 arithmetic for the sandbox: parsing dotted quads and CIDRs, membership, and the address
// classes the guardrails refuse (loopback, private, link-local...). Pure; no lookups, no DNS.

export interface Cidr {
  readonly network: number;
  readonly bits: number;
  readonly text: string;
}

/** The 32-bit value of a dotted quad, or undefined when `s` is not one (no shorthand forms). */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  // leading zeros are octal to some tools (ping 010.0.0.1): refuse them rather than guess
  if (m.slice(1, 5).some((x) => x.length > 1 && x.startsWith('0'))) return undefined;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, bitsText, extra] = s.split('/');
  if (extra !== undefined || bitsText === undefined || !/^\d{1,2}$/.test(bitsText)) return undefined;
  const ip = parseIpv4(addr ?? '');
  const bits = Number(bitsText);
  if (ip === undefined || bits > 32) return undefined;
  return { network: (ip & mask(bits)) >>> 0, bits, text: `${formatIpv4((ip & mask(bits)) >>> 0)}/${bits}` };
}

export function inCidr(ip: number, c: Cidr): boolean {
  return (ip & mask(c.bits)) >>> 0 === c.network;
}

export function broadcastOf(c: Cidr): number {
  return (c.network | (~mask(c.bits) >>> 0)) >>> 0;
}

/** Whether two networks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const bits = Math.min(a.bits, b.bits);
  return (a.network & mask(bits)) >>> 0 === (b.network & mask(bits)) >>> 0;
}

const RANGES: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', 'the "this network" range'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved or broadcast'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
];

/** A name for the class of an address ('loopback', 'private', ..., or 'public'). */
export function addressClass(ip: number): string {
  for (const [cidr, name] of RANGES) if (inCidr(ip, parseCidr(cidr)!)) return name;
  return 'public';
}

export function isPrivateNetwork(c: Cidr): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((r) => {
    const p = parseCidr(r)!;
    return c.bits >= p.bits && inCidr(c.network, p);
  });
}
