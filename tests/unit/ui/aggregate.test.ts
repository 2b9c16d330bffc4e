// The map's aggregation (ui/aggregate.ts): one-peer external sources of one victim collapse into a
// group node from the threshold on, their edges summed onto it; internal hosts, hosts with two peers
// and an expanded victim's sources stay single nodes.
import { describe, expect, it } from 'vitest';
import { aggregate, groupId } from '../../../ui/aggregate.js';
import type { MapData, MapEdge, MapHost } from '../../../ui/types.js';

const host = (ip: string, internal = false): MapHost => ({
  ip,
  name: null,
  internal,
  packets: 1,
  bytes: 60,
  firstSeen: null,
  lastSeen: null,
});
const edge = (s: string, d: string, packets = 1): MapEdge => [s, d, packets, packets * 60, 1, null];

function flood(n: number): MapData {
  const sources = Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}`);
  return {
    window: 'all',
    from: null,
    oldest: null,
    newest: null,
    to: null,
    hosts: [host('10.0.0.1', true), host('10.0.0.2', true), host('198.51.100.9'), ...sources.map((s) => host(s))],
    edges: [
      edge('10.0.0.1', '10.0.0.2', 50),
      edge('198.51.100.9', '10.0.0.1', 3),
      edge('198.51.100.9', '10.0.0.2', 3),
      ...sources.flatMap((s) => [edge(s, '10.0.0.1'), edge('10.0.0.1', s)]),
    ],
  };
}

describe('aggregate', () => {
  it('collapses one-peer external sources of a victim into one group node with summed edges', () => {
    const v = aggregate(flood(25), 10, new Set());
    expect(v.groups).toHaveLength(1);
    expect(v.groups[0]?.id).toBe(groupId('10.0.0.1'));
    expect(v.groups[0]?.members).toHaveLength(25);
    expect(v.groupOf.size).toBe(25);
    expect(v.hosts.map((h) => h.ip).sort()).toEqual(['10.0.0.1', '10.0.0.2', '198.51.100.9']);
    const toVictim = v.edges.find((e) => e.source === groupId('10.0.0.1') && e.target === '10.0.0.1');
    expect(toVictim?.packets).toBe(25);
    expect(v.edges.find((e) => e.source === '10.0.0.1' && e.target === groupId('10.0.0.1'))?.packets).toBe(25);
    // every edge of the data is accounted for once
    expect(v.edges.reduce((n, e) => n + e.packets, 0)).toBe(50 + 3 + 3 + 50);
  });

  it('keeps sources single below the threshold, when expanded, and for hosts with two peers', () => {
    expect(aggregate(flood(9), 10, new Set()).groups).toHaveLength(0);
    const expanded = aggregate(flood(25), 10, new Set(['10.0.0.1']));
    expect(expanded.groups).toHaveLength(0);
    expect(expanded.hosts).toHaveLength(28);
    expect(aggregate(flood(25), 10, new Set()).groupOf.has('198.51.100.9')).toBe(false);
  });

  it('never groups internal hosts, nor two lone hosts that only talk to each other', () => {
    const data: MapData = {
      window: 'all',
      from: null,
      oldest: null,
      newest: null,
      to: null,
      hosts: [
        host('192.0.2.1'),
        host('192.0.2.2'),
        ...Array.from({ length: 12 }, (_, i) => host(`10.0.1.${i}`, true)),
        host('10.0.0.1', true),
      ],
      edges: [edge('192.0.2.1', '192.0.2.2'), ...Array.from({ length: 12 }, (_, i) => edge(`10.0.1.${i}`, '10.0.0.1'))],
    };
    const v = aggregate(data, 2, new Set());
    expect(v.groups).toEqual([]);
    expect(v.hosts).toHaveLength(data.hosts.length);
  });
});

describe('grouping off', () => {
  it('draws what grouping at an unreachable threshold draws: every host, every edge', () => {
    const data = flood(30);
    const off = aggregate(data, Infinity, new Set());
    const never = aggregate(data, 1e9, new Set());
    expect(off.groups).toEqual([]);
    expect(off.hosts).toEqual(never.hosts);
    expect(off.edges).toEqual(never.edges);
    expect(off.groupOf.size).toBe(0);
  });
});
