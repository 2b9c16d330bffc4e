// Aggregation for legibility: external hosts whose only peer is one victim (a spoofed flood's
// one-packet sources, a scan's many scanners) collapse into one group node per victim when there
// are at least `minGroup` of them, unless that victim's group is expanded. Pure.
import type { MapData, MapEdge, MapHost } from './types.js';

export interface GroupNode {
  id: string;
  victim: string;
  members: string[];
  packets: number;
  bytes: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  packets: number;
  bytes: number;
  ports: number;
}

export interface View {
  hosts: MapHost[];
  groups: GroupNode[];
  edges: ViewEdge[];
  /** ip → the group node standing for it */
  groupOf: Map<string, string>;
}

export const groupId = (victim: string): string => `group:${victim}`;

/** Grouping off (?group=0): every host its own node, the edges as they came (one per pair already). */
function ungrouped(data: MapData): View {
  const edges = data.edges.map(([source, target, packets, bytes, ports]): ViewEdge => ({
    id: `${source}>${target}`,
    source,
    target,
    packets,
    bytes,
    ports,
  }));
  return { hosts: data.hosts, groups: [], edges, groupOf: new Map() };
}

export function aggregate(data: MapData, minGroup: number, expanded: ReadonlySet<string>): View {
  if (!Number.isFinite(minGroup)) return ungrouped(data);
  const peers = new Map<string, Set<string>>();
  const add = (a: string, b: string): void => {
    let s = peers.get(a);
    if (!s) peers.set(a, (s = new Set()));
    if (a !== b) s.add(b);
  };
  for (const [s, d] of data.edges) {
    add(s, d);
    add(d, s);
  }
  const byIp = new Map(data.hosts.map((h) => [h.ip, h]));
  const candidates = new Map<string, string[]>();
  for (const h of data.hosts) {
    if (h.internal) continue;
    const p = peers.get(h.ip);
    if (!p || p.size !== 1) continue;
    const victim = p.values().next().value as string;
    if ((peers.get(victim)?.size ?? 0) <= 1) continue; // two lone hosts talking: nothing to collapse into
    let list = candidates.get(victim);
    if (!list) candidates.set(victim, (list = []));
    list.push(h.ip);
  }
  const groupOf = new Map<string, string>();
  const groups: GroupNode[] = [];
  for (const [victim, members] of candidates) {
    if (members.length < minGroup || expanded.has(victim)) continue;
    const id = groupId(victim);
    let packets = 0;
    let bytes = 0;
    for (const m of members) {
      groupOf.set(m, id);
      packets += byIp.get(m)?.packets ?? 0;
      bytes += byIp.get(m)?.bytes ?? 0;
    }
    groups.push({ id, victim, members: members.sort(), packets, bytes });
  }
  const edges = new Map<string, ViewEdge>();
  const addEdge = ([s, d, packets, bytes, ports]: MapEdge): void => {
    const source = groupOf.get(s) ?? s;
    const target = groupOf.get(d) ?? d;
    const id = `${source}>${target}`;
    const e = edges.get(id);
    if (e) {
      e.packets += packets;
      e.bytes += bytes;
      e.ports = Math.max(e.ports, ports);
    } else edges.set(id, { id, source, target, packets, bytes, ports });
  };
  for (const e of data.edges) addEdge(e);
  return { hosts: data.hosts.filter((h) => !groupOf.has(h.ip)), groups, edges: [...edges.values()], groupOf };
}
