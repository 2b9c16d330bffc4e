// /api/graph's body: the map in columns (one array per field) with each edge's ends as indices into
// the host list, instead of one object per host and the ips repeated in every edge. For 50,000 hosts
// and 60,000 edges that is about a third of the bytes, and the page parses a few dozen arrays
// instead of 110,000 objects. The page decodes it in ui/map-wire.ts (the shape is restated there).
import { InternalError } from '../../core/errors/ziem-error.js';
import type { MapData } from './map-query.js';

export const MAP_FORMAT = 'ziem-map-columns/1';

/** One entry per host; `internal` is 1 or 0. */
export interface HostColumns {
  ip: string[];
  name: (string | null)[];
  internal: (0 | 1)[];
  packets: number[];
  bytes: number[];
  firstSeen: (number | null)[];
  lastSeen: (number | null)[];
}

/** One entry per edge; `source` and `target` index `hosts.ip`. */
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
  window: MapData['window'];
  from: number | null;
  to: number | null;
  oldest: number | null;
  newest: number | null;
  hosts: HostColumns;
  edges: EdgeColumns;
}

export function encodeMap(d: MapData): MapWire {
  const n = d.hosts.length;
  const hosts: HostColumns = {
    ip: new Array<string>(n),
    name: new Array<string | null>(n),
    internal: new Array<0 | 1>(n),
    packets: new Array<number>(n),
    bytes: new Array<number>(n),
    firstSeen: new Array<number | null>(n),
    lastSeen: new Array<number | null>(n),
  };
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = d.hosts[i]!;
    if (index.has(h.ip)) throw new InternalError(`the map lists host ${h.ip} twice (rows ${index.get(h.ip)} and ${i})`);
    index.set(h.ip, i);
    hosts.ip[i] = h.ip;
    hosts.name[i] = h.name;
    hosts.internal[i] = h.internal ? 1 : 0;
    hosts.packets[i] = h.packets;
    hosts.bytes[i] = h.bytes;
    hosts.firstSeen[i] = h.firstSeen;
    hosts.lastSeen[i] = h.lastSeen;
  }
  const m = d.edges.length;
  const edges: EdgeColumns = {
    source: new Array<number>(m),
    target: new Array<number>(m),
    packets: new Array<number>(m),
    bytes: new Array<number>(m),
    ports: new Array<number>(m),
    lastSeen: new Array<number | null>(m),
  };
  const at = (ip: string, e: number): number => {
    const i = index.get(ip);
    if (i === undefined) throw new InternalError(`edge ${e} of the map names host ${ip}, which the map does not list`);
    return i;
  };
  for (let e = 0; e < m; e++) {
    const [s, t, packets, bytes, ports, last] = d.edges[e]!;
    edges.source[e] = at(s, e);
    edges.target[e] = at(t, e);
    edges.packets[e] = packets;
    edges.bytes[e] = bytes;
    edges.ports[e] = ports;
    edges.lastSeen[e] = last;
  }
  const { window, from, to, oldest, newest } = d;
  return { format: MAP_FORMAT, window, from, to, oldest, newest, hosts, edges };
}
