// FLOWS-shaped records (the values the flows sink reads) for the map's tests and benchmarks: a few
// internal hosts that talk to each other and to the outside, a port scan, and a spoofed SYN flood
// whose many one-packet sources the map collapses into a group node; or a large random graph.

export type FlowValue = Record<string, unknown>;

export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
export const WINDOW_MS = 10_000;

export function flow(src: string, dst: string, window: number, packets: number, o: Partial<FlowValue> = {}): FlowValue {
  const ws = T0 + window * WINDOW_MS;
  return {
    SRC_IP: src,
    DST_IP: dst,
    WINDOW_START: ws,
    WINDOW_END: ws + WINDOW_MS,
    PACKETS: packets,
    BYTES: packets * 120,
    DST_PORTS: 1,
    SYNS: 0,
    SYN_ACKS: 0,
    ACKS: packets,
    RSTS: 0,
    FINS: 0,
    FIRST_SEEN: ws + 100,
    LAST_SEEN: ws + 9_000,
    SRC_INTERNAL: src.startsWith('10.77.0.'),
    DST_INTERNAL: dst.startsWith('10.77.0.'),
    ...o,
  };
}

export const SCANNER = '10.77.0.66';
export const FLOOD_VICTIM = '10.77.0.10';
export const FLOOD_SOURCES = Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`);
export const WEB = '93.184.216.34';

/** The small scene: normal talk, a scan of .11, a flood of .10 from 40 spoofed sources. */
export function scene(): FlowValue[] {
  const out: FlowValue[] = [];
  for (let w = 0; w < 6; w++) {
    out.push(flow('10.77.0.11', '10.77.0.12', w, 20 + w));
    out.push(flow('10.77.0.12', '10.77.0.11', w, 18 + w));
    out.push(flow('10.77.0.13', WEB, w, 40, { BYTES: 40 * 900 }));
    out.push(flow(WEB, '10.77.0.13', w, 60, { BYTES: 60 * 1400 }));
  }
  out.push(flow('10.77.0.10', '10.77.0.12', 2, 7));
  out.push(flow(SCANNER, '10.77.0.11', 3, 900, { DST_PORTS: 900, SYNS: 900 }));
  out.push(flow('10.77.0.11', SCANNER, 3, 890, { RSTS: 880 }));
  for (const s of FLOOD_SOURCES) out.push(flow(s, FLOOD_VICTIM, 4, 1, { SYNS: 1, BYTES: 60 }));
  return out;
}

/** A large random graph: `hosts` hosts (a tenth internal) and about `edges` distinct pairs, one window each. */
export function randomGraph(hosts: number, edges: number, seed = 1): FlowValue[] {
  // mulberry32: 32-bit integer arithmetic, so the sequence does not collapse into a short cycle
  let x = seed >>> 0;
  const rnd = (): number => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ip = (i: number): string =>
    i < hosts / 10 ? `10.77.${(i >> 8) & 255}.${i & 255}` : `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`;
  const seen = new Set<string>();
  const out: FlowValue[] = [];
  // every host gets one edge first (to an internal host), the rest are random pairs
  for (let i = 0; i < hosts && out.length < edges; i++) {
    const d = Math.floor(rnd() * Math.max(1, hosts / 10));
    if (d === i) continue;
    seen.add(`${i}>${d}`);
    out.push(flow(ip(i), ip(d), out.length % 30, 1 + Math.floor(rnd() * 500)));
  }
  while (out.length < edges) {
    const s = Math.floor(rnd() * hosts);
    const d = Math.floor(rnd() * hosts);
    if (s === d || seen.has(`${s}>${d}`)) continue;
    seen.add(`${s}>${d}`);
    out.push(flow(ip(s), ip(d), out.length % 30, 1 + Math.floor(rnd() * 500)));
  }
  return out;
}
