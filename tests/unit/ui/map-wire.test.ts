// /api/graph's columns (cli/ui/map-wire.ts collects Neo4j's rows into them, ui/map-wire.ts reads
// them on the page): rows go through JSON and come back as the page's hosts and edges, with each
// host's traffic summed over its edges; a flow's end without a Host row is still a host; a body
// half the size of one object per host; a bad body fails in the decoder naming the field and entry.
import { describe, expect, it } from 'vitest';
import { MapColumns, MAP_FORMAT as SERVER_FORMAT, type MapMeta } from '../../../cli/ui/map-wire.js';
import { decodeMap, MAP_FORMAT } from '../../../ui/map-wire.js';
import type { MapData } from '../../../ui/types.js';
import { InternalError } from '../../../core/errors/ziem-error.js';

const meta: MapMeta = {
  window: '5m',
  from: 1_767_607_000_000,
  to: 1_767_607_300_000,
  oldest: 1_767_600_000_000,
  newest: 1_767_607_300_000,
};
const internal = (ip: string): boolean => ip.startsWith('10.');
const throughJson = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

function scene(): MapColumns {
  const m = new MapColumns(internal);
  m.host('10.0.0.1', 'web', 1_767_600_000_100, null);
  m.host('10.0.0.2', null, null, 1_767_607_299_000);
  m.host('203.0.113.7', null, 5, 6);
  m.host('198.51.100.1', 'lonely', null, null);
  m.edge('10.0.0.1', '10.0.0.2', 50, 6_000, 3, 1_767_607_299_000);
  m.edge('203.0.113.7', '10.0.0.1', 20, 2_400.5, 1, null);
  m.edge('10.0.0.1', '10.0.0.1', 4, 400, 1, null);
  return m;
}

/** What the page must get from scene(). */
const expected: MapData = {
  ...meta,
  hosts: [
    {
      ip: '10.0.0.1',
      name: 'web',
      internal: true,
      packets: 74,
      bytes: 8_800.5,
      firstSeen: 1_767_600_000_100,
      lastSeen: null,
    },
    {
      ip: '10.0.0.2',
      name: null,
      internal: true,
      packets: 50,
      bytes: 6_000,
      firstSeen: null,
      lastSeen: 1_767_607_299_000,
    },
    { ip: '203.0.113.7', name: null, internal: false, packets: 20, bytes: 2_400.5, firstSeen: 5, lastSeen: 6 },
    { ip: '198.51.100.1', name: 'lonely', internal: false, packets: 0, bytes: 0, firstSeen: null, lastSeen: null },
  ],
  edges: [
    ['10.0.0.1', '10.0.0.2', 50, 6_000, 3, 1_767_607_299_000],
    ['203.0.113.7', '10.0.0.1', 20, 2_400.5, 1, null],
    ['10.0.0.1', '10.0.0.1', 4, 400, 1, null],
  ],
};

/** A valid body as the page receives it, to break one field of. */
const body = (): Record<string, unknown> & { hosts: Record<string, unknown[]>; edges: Record<string, unknown[]> } =>
  throughJson(scene().finish(meta)) as never;

describe('the map wire format', () => {
  it("round-trips Neo4j's rows through JSON into the page's hosts and edges, edges as host indices", () => {
    expect(SERVER_FORMAT).toBe(MAP_FORMAT);
    const wire = scene().finish(meta);
    expect(wire.edges.source).toEqual([0, 2, 0]);
    expect(wire.edges.target).toEqual([1, 0, 0]);
    expect(wire.hosts.internal).toEqual([1, 1, 0, 0]);
    expect(decodeMap(throughJson(wire))).toEqual(expected);
  });

  it('round-trips an empty map', () => {
    const empty = { window: 'all', from: null, to: null, oldest: null, newest: null } as const;
    expect(decodeMap(throughJson(new MapColumns(internal).finish(empty)))).toEqual({ ...empty, hosts: [], edges: [] });
  });

  it('lists the end of a flow that has no Host row as a host, and refuses a host listed twice', () => {
    const m = scene();
    m.edge('10.0.0.2', '192.0.2.9', 1, 60, 1, null);
    const d = decodeMap(throughJson(m.finish(meta)));
    expect(d.hosts.at(-1)).toEqual({
      ip: '192.0.2.9',
      name: null,
      internal: false,
      packets: 1,
      bytes: 60,
      firstSeen: null,
      lastSeen: null,
    });
    expect(d.edges.at(-1)).toEqual(['10.0.0.2', '192.0.2.9', 1, 60, 1, null]);
    expect(() => m.host('10.0.0.1', null, null, null)).toThrow(InternalError);
    expect(() => m.host('10.0.0.1', null, null, null)).toThrow(/lists host 10\.0\.0\.1 twice \(rows 0 and 5\)/);
  });

  it('is about half the size of one object per host and the ips repeated in every edge', () => {
    const ips = Array.from({ length: 2_000 }, (_, i) => `172.16.${i >> 8}.${i & 255}`);
    const m = new MapColumns(internal);
    for (const ip of ips) m.host(ip, null, 1_767_600_000_000, 1_767_607_300_000);
    for (let i = 1; i < ips.length; i++) m.edge(ips[i]!, ips[i - 1]!, 1, 60, 1, 1_767_607_300_000);
    const columns = JSON.stringify(m.finish(meta));
    const objects = JSON.stringify(decodeMap(JSON.parse(columns)));
    expect(columns.length).toBeLessThan(objects.length * 0.6);
  });

  it('names the field and the entry of a bad body', () => {
    const cases: Array<[string, (b: ReturnType<typeof body>) => unknown, RegExp]> = [
      ['not an object', () => [1, 2], /^\/api\/graph: expected a JSON object/],
      ['old format', (b) => ({ ...b, format: undefined, hosts: [] }), /format undefined, expected ziem-map-columns\/1/],
      ['window', (b) => ({ ...b, window: '2d' }), /\/api\/graph\.window: "2d" is not a window/],
      ['hosts not columns', (b) => ({ ...b, hosts: [] }), /\/api\/graph\.hosts: expected an object of columns/],
      ['missing column', (b) => (delete b.hosts['bytes'], b), /\/api\/graph\.hosts\.bytes: expected an array/],
      ['short column', (b) => (b.hosts['name']!.pop(), b), /hosts\.name: 3 entries, expected 4/],
      ['ip', (b) => ((b.hosts['ip']![2] = 7), b), /hosts\.ip\[2\]: 7 is not an ip/],
      ['internal', (b) => ((b.hosts['internal']![1] = true), b), /hosts\.internal\[1\]: true is not 0 or 1/],
      ['packets', (b) => ((b.hosts['packets']![0] = '70'), b), /hosts\.packets\[0\]: "70" is not a number/],
      [
        'index range',
        (b) => ((b.edges['target']![1] = 4), b),
        /edges\.target\[1\]: 4 is not an index into hosts\.ip \(4 hosts\)/,
      ],
      ['index kind', (b) => ((b.edges['source']![0] = 0.5), b), /edges\.source\[0\]: 0\.5 is not an index/],
      ['edge column', (b) => (b.edges['ports']!.push(1), b), /edges\.ports: 4 entries, expected 3/],
      ['seen', (b) => ((b.edges['lastSeen']![2] = 'now'), b), /edges\.lastSeen\[2\]: "now" is not a number or null/],
      ['from', (b) => ({ ...b, from: '1' }), /\/api\/graph\.from: "1" is not a number or null/],
    ];
    for (const [what, breakIt, message] of cases)
      expect(() => decodeMap(breakIt(body()), '/api/graph'), what).toThrow(message);
  });
});
