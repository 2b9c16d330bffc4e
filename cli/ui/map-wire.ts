// /api/graph's body: the map in columns (one array per field) with each edge's ends as indices into
// the host list, instead of one object per host and the ips repeated in every edge. For 50,000 hosts
// and 60,000 edges that is half the bytes, and neither the server nor the page makes an object per
// row. MapColumns collects Neo4j's rows into it; the page decodes it in ui/map-wire.ts (the shape
// is restated there).
import { InternalError } from '../../core/errors/ziem-error.js';

export const MAP_FORMAT = 'ziem-map-columns/1';

export const WINDOWS = { '5m': 5 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000, all: undefined } as const;
export type WindowName = keyof typeof WINDOWS;

/** One entry per host; `internal` is 1 or 0; packets and bytes are the sums over its edges. */
export interface HostColumns {
  ip: string[];
  name: (string | null)[];
  internal: (0 | 1)[];
  packets: number[];
  bytes: number[];
  firstSeen: (number | null)[];
  lastSeen: (number | null)[];
}

/** One entry per edge; `source` and `target` index `hosts.ip`; ports: the most distinct destination ports in a window. */
export interface EdgeColumns {
  source: number[];
  target: number[];
  packets: number[];
  bytes: number[];
  ports: number[];
  lastSeen: (number | null)[];
}

export interface MapWire {
  format: typeof MAP_FORMAT;
  window: WindowName;
  /** The window's start and end (newest traffic in the graph, or play-back's `at`); null for "all" or an empty graph. */
  from: number | null;
  to: number | null;
  /** The graph's time span: the first window's start and the newest window's end (play-back's range). */
  oldest: number | null;
  newest: number | null;
  hosts: HostColumns;
  edges: EdgeColumns;
}

export type MapMeta = Pick<MapWire, 'window' | 'from' | 'to' | 'oldest' | 'newest'>;

/** Collects hosts, then edges, into columns. */
export class MapColumns {
  private readonly hosts: HostColumns = {
    ip: [],
    name: [],
    internal: [],
    packets: [],
    bytes: [],
    firstSeen: [],
    lastSeen: [],
  };
  private readonly edges: EdgeColumns = { source: [], target: [], packets: [], bytes: [], ports: [], lastSeen: [] };
  private readonly index = new Map<string, number>();

  constructor(private readonly isInternal: (ip: string) => boolean) {}

  /** A Host node's row; each ip once. */
  host(ip: string, name: string | null, firstSeen: number | null, lastSeen: number | null): number {
    if (this.index.has(ip))
      throw new InternalError(
        `the map lists host ${ip} twice (rows ${this.index.get(ip)} and ${this.hosts.ip.length})`,
      );
    const h = this.hosts;
    const i = h.ip.length;
    this.index.set(ip, i);
    h.ip.push(ip);
    h.name.push(name);
    h.internal.push(this.isInternal(ip) ? 1 : 0);
    h.packets.push(0);
    h.bytes.push(0);
    h.firstSeen.push(firstSeen);
    h.lastSeen.push(lastSeen);
    return i;
  }

  /** A flow between two hosts; its counts add to both ends' traffic. An end with no Host row (a node deleted by hand) is still a host on the map. */
  edge(source: string, target: string, packets: number, bytes: number, ports: number, lastSeen: number | null): void {
    const s = this.index.get(source) ?? this.host(source, null, null, null);
    const t = this.index.get(target) ?? this.host(target, null, null, null);
    const e = this.edges;
    e.source.push(s);
    e.target.push(t);
    e.packets.push(packets);
    e.bytes.push(bytes);
    e.ports.push(ports);
    e.lastSeen.push(lastSeen);
    const h = this.hosts;
    h.packets[s]! += packets;
    h.bytes[s]! += bytes;
    if (t !== s) {
      h.packets[t]! += packets;
      h.bytes[t]! += bytes;
    }
  }

  finish(meta: MapMeta): MapWire {
    return { format: MAP_FORMAT, ...meta, hosts: this.hosts, edges: this.edges };
  }
}
