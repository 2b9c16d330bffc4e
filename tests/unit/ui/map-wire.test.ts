// /api/graph's columns (cli/ui/map-wire.ts writes them, ui/map-wire.ts reads them): a map goes
// through JSON and comes back equal, smaller than one object per host; a bad body fails in the
// decoder naming the field and the entry; the encoder refuses a map whose edges name unlisted hosts.
import { describe, expect, it } from 'vitest';
import { encodeMap, MAP_FORMAT as SERVER_FORMAT } from '../../../cli/ui/map-wire.js';
import type { MapData } from '../../../cli/ui/map-query.js';
import { decodeMap, MAP_FORMAT } from '../../../ui/map-wire.js';
import { InternalError } from '../../../core/errors/ziem-error.js';

const map = (): MapData => ({
  window: '5m',
  from: 1_767_607_000_000,
  to: 1_767_607_300_000,
  oldest: 1_767_600_000_000,
  newest: 1_767_607_300_000,
  hosts: [
    {
      ip: '10.0.0.1',
      name: 'web',
      internal: true,
      packets: 70,
      bytes: 8_400,
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
    ['10.0.0.1', '10.0.0.1', 0, 0, 0, null],
  ],
});

/** A valid body as the page receives it, to break one field of. */
const body = (): Record<string, unknown> & { hosts: Record<string, unknown[]>; edges: Record<string, unknown[]> } =>
  JSON.parse(JSON.stringify(encodeMap(map()))) as never;

describe('the map wire format', () => {
  it('round-trips a map through JSON, edges as host indices', () => {
    expect(SERVER_FORMAT).toBe(MAP_FORMAT);
    const wire = encodeMap(map());
    expect(wire.edges.source).toEqual([0, 2, 0]);
    expect(wire.edges.target).toEqual([1, 0, 0]);
    expect(wire.hosts.internal).toEqual([1, 1, 0, 0]);
    expect(decodeMap(JSON.parse(JSON.stringify(wire)))).toEqual(map());
  });

  it('round-trips an empty map', () => {
    const empty: MapData = { window: 'all', from: null, to: null, oldest: null, newest: null, hosts: [], edges: [] };
    expect(decodeMap(JSON.parse(JSON.stringify(encodeMap(empty))))).toEqual(empty);
  });

  it('is smaller than one object per host and one array of ips per edge', () => {
    const ips = Array.from({ length: 2_000 }, (_, i) => `172.16.${i >> 8}.${i & 255}`);
    const big: MapData = {
      ...map(),
      hosts: ips.map((ip) => ({ ip, name: null, internal: false, packets: 1, bytes: 60, firstSeen: 1, lastSeen: 2 })),
      edges: ips.slice(1).map((ip, i): MapData['edges'][number] => [ip, ips[i]!, 1, 60, 1, 2]),
    };
    const columns = JSON.stringify(encodeMap(big)).length;
    expect(columns).toBeLessThan(JSON.stringify(big).length * 0.6);
    expect(decodeMap(JSON.parse(JSON.stringify(encodeMap(big))))).toEqual(big);
  });

  it('refuses a map whose edge names a host it does not list, or lists a host twice', () => {
    const m = map();
    m.edges.push(['10.0.0.2', '192.0.2.9', 1, 1, 1, null]);
    expect(() => encodeMap(m)).toThrow(InternalError);
    expect(() => encodeMap(m)).toThrow(/edge 3 of the map names host 192\.0\.2\.9/);
    const twice = map();
    twice.hosts.push({ ...twice.hosts[0]! });
    expect(() => encodeMap(twice)).toThrow(/lists host 10\.0\.0\.1 twice \(rows 0 and 4\)/);
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
