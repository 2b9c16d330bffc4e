// tshark-shaped packets for the pipeline benchmark: EK lines with the capture contract's fields
// (cli/sandbox/capture-fields.ts; every value an array of strings, absent layers left out), as the
// capture agent writes them to network-traffic. Normal traffic is TCP connections (handshake, one
// request and response, FIN both ways: 9 packets) from `hosts` distinct clients to a few servers;
// a port-scan burst is what triggers PORT_SCAN (one SYN per port, the victim resetting each).

export interface EkLine {
  timestamp: string;
  layers: Record<string, string[]>;
}

/** 10.0.0.0/8 addresses; the pipeline's internal_hosts pattern is then 10.% (sandbox.cidr 10.0.0.0/8). */
export const hostIp = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const SERVERS = 8;
const serverIp = (i: number): string => `10.255.0.${1 + (i % SERVERS)}`;
const SERVICE_PORTS = [80, 443, 22, 5432];

type Flags = 'S' | 'SA' | 'A' | 'PA' | 'FA' | 'R' | 'RA';
const bit = (flags: Flags, f: string): string[] => [flags.includes(f) ? '1' : '0'];

export function tcp(
  ts: number,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  flags: Flags,
  payload: number,
): EkLine {
  const len = 40 + payload;
  return {
    timestamp: String(ts),
    layers: {
      frame_len: [String(len + 14)],
      ip_src: [src],
      ip_dst: [dst],
      ip_proto: ['6'],
      ip_len: [String(len)],
      ip_ttl: ['64'],
      tcp_srcport: [String(sport)],
      tcp_dstport: [String(dport)],
      tcp_len: [String(payload)],
      tcp_flags_syn: bit(flags, 'S'),
      tcp_flags_ack: bit(flags, 'A'),
      tcp_flags_reset: bit(flags, 'R'),
      tcp_flags_fin: bit(flags, 'F'),
      tcp_flags_push: bit(flags, 'P'),
    },
  };
}

// the 9 packets of one connection: [from client?, flags, payload]
const CONNECTION: ReadonlyArray<[boolean, Flags, number]> = [
  [true, 'S', 0],
  [false, 'SA', 0],
  [true, 'A', 0],
  [true, 'PA', 120],
  [false, 'PA', 900],
  [true, 'FA', 0],
  [false, 'FA', 0],
  [true, 'A', 0],
  [false, 'A', 0],
];

function udp(ts: number, src: string, dst: string, sport: number, dport: number, payload: number): EkLine {
  const len = 28 + payload;
  return {
    timestamp: String(ts),
    layers: {
      frame_len: [String(len + 14)],
      ip_src: [src],
      ip_dst: [dst],
      ip_proto: ['17'],
      ip_len: [String(len)],
      ip_ttl: ['64'],
      udp_srcport: [String(sport)],
      udp_dstport: [String(dport)],
      udp_length: [String(8 + payload)],
    },
  };
}

/** DNS lookups, packet by packet (query, answer): a new client every two packets, so the cost curve
 *  meets `hosts` distinct hosts in 2 × hosts packets. */
export class DnsLookups {
  private n = 0;
  constructor(private readonly hosts: number) {}

  next(ts: number): EkLine {
    const q = this.n >> 1;
    const answer = (this.n++ & 1) === 1;
    const client = hostIp(((q % this.hosts) * 7_919) % this.hosts);
    const sport = 32_768 + (q % 28_000);
    return answer ? udp(ts, serverIp(q), client, 53, sport, 90) : udp(ts, client, serverIp(q), sport, 53, 40);
  }
}

/** Normal traffic, packet by packet: connection n goes from client (n mod hosts) * 7919 mod hosts
 *  (a prime coprime with 10^k: every client in turn, in a scattered order). */
export class NormalTraffic {
  private n = 0;
  constructor(private readonly hosts: number) {}

  next(ts: number): EkLine {
    const conn = Math.floor(this.n / CONNECTION.length);
    const [fromClient, flags, payload] = CONNECTION[this.n % CONNECTION.length]!;
    this.n++;
    const client = hostIp(((conn % this.hosts) * 7_919) % this.hosts);
    const server = serverIp(conn);
    const sport = 32_768 + (conn % 28_000);
    const dport = SERVICE_PORTS[conn % SERVICE_PORTS.length]!;
    return fromClient
      ? tcp(ts, client, server, sport, dport, flags, payload)
      : tcp(ts, server, client, dport, sport, flags, payload);
  }
}

/** A SYN scan of `ports` ports of a server from `attacker`, answered by RST-ACKs: 2 packets a port. */
export function portScanBurst(ts: number, attacker: string, ports: number): EkLine[] {
  const out: EkLine[] = [];
  for (let p = 0; p < ports; p++) {
    out.push(tcp(ts, attacker, serverIp(0), 55_555, 1_000 + p, 'S', 0));
    out.push(tcp(ts, serverIp(0), attacker, 1_000 + p, 55_555, 'RA', 0));
  }
  return out;
}

/** Attackers outside the normal clients' range (10.250.x.y), one per burst. */
export const attackerIp = (i: number): string => `10.250.${(i >> 8) & 255}.${i & 255}`;
