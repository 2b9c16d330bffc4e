// The map's data from Neo4j, as the sinks model it (connectors/*.json): Host nodes, TALKS_TO edges
// with all-time totals, FlowWindow nodes per 10 s window. A time window ("last 5 min") sums the
// FlowWindow nodes that end inside it, counted back from the newest window the graph holds, so a
// replayed capture shows its own last 5 minutes; "all" reads the TALKS_TO totals. Play-back asks
// for a window that ends earlier (`at`, epoch ms): the same sums over the windows ending in it.
// The rows go straight into /api/graph's columns (map-wire.ts).
import type { Driver, EagerResult } from 'neo4j-driver';
import { inCidr, parseCidr, parseIpv4, type Cidr } from '../sandbox/ipv4.js';
import { ConfigError } from '../../core/errors/ziem-error.js';
import { MapColumns, WINDOWS, type MapWire, type WindowName } from './map-wire.js';

export function parseCidrs(texts: readonly string[]): Cidr[] {
  const bad = texts.filter((t) => parseCidr(t) === undefined);
  if (bad.length > 0) throw new ConfigError(bad.map((t) => `field ui.internalCidrs: ${t} is not an IPv4 CIDR`));
  return texts.map((t) => parseCidr(t) as Cidr);
}

export function isInternal(ip: string, cidrs: readonly Cidr[]): boolean {
  const n = parseIpv4(ip);
  return n !== undefined && cidrs.some((c) => inCidr(n, c));
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

type Rows = EagerResult;

const BOUNDS = 'MATCH (w:FlowWindow) RETURN min(w.windowStart) AS oldest, max(w.windowEnd) AS newest';
const ALL_EDGES = `MATCH (s:Host)-[t:TALKS_TO]->(d:Host)
  RETURN s.ip AS s, d.ip AS d, t.packets AS p, t.bytes AS b, t.ports AS ports, t.lastSeen AS last`;
const WINDOW_EDGES = `MATCH (w:FlowWindow) WHERE w.windowEnd > $from AND w.windowEnd <= $to
  RETURN w.src AS s, w.dst AS d, sum(w.packets) AS p, sum(w.bytes) AS b, max(w.ports) AS ports,
         max(w.lastSeen) AS last`;
const HOST_FIELDS = 'RETURN h.ip AS ip, h.name AS name, h.firstSeen AS first, h.lastSeen AS last';
// two statements rather than `$ips IS NULL OR h.ip IN $ips`: with the OR the planner scans every
// Host and tests list membership, without it the IN is a seek on the ip constraint's index
const ALL_HOSTS = `MATCH (h:Host) ${HOST_FIELDS}`;
const SOME_HOSTS = `MATCH (h:Host) WHERE h.ip IN $ips ${HOST_FIELDS}`;

export async function readMap(
  driver: Driver,
  window: WindowName,
  cidrs: readonly Cidr[],
  at?: number,
): Promise<MapWire> {
  const span = WINDOWS[window];
  // "all" needs nothing from one statement for another: the three run side by side
  const none = Promise.resolve(undefined);
  const [bounds, allEdges, allHosts]: [Rows, Rows | undefined, Rows | undefined] = await Promise.all([
    driver.executeQuery(BOUNDS),
    span === undefined ? driver.executeQuery(ALL_EDGES) : none,
    span === undefined ? driver.executeQuery(ALL_HOSTS) : none,
  ]);
  const oldest = numOrNull(bounds.records[0]?.get('oldest'));
  const newest = numOrNull(bounds.records[0]?.get('newest'));
  let from: number | null = null;
  let to: number | null = null;
  if (span !== undefined) {
    to = newest === null ? null : at === undefined ? newest : Math.min(at, newest);
    from = to === null ? null : to - span;
  }
  const edgeRows: Rows = allEdges ?? (await driver.executeQuery(WINDOW_EDGES, { from: from ?? 0, to: to ?? 0 }));
  const hostRows: Rows =
    allHosts ??
    (await driver.executeQuery(SOME_HOSTS, {
      ips: [...new Set(edgeRows.records.flatMap((r) => [String(r.get('s')), String(r.get('d'))]))],
    }));
  const map = new MapColumns((ip) => isInternal(ip, cidrs));
  for (const r of hostRows.records) {
    const name = r.get('name');
    map.host(
      String(r.get('ip')),
      typeof name === 'string' && name !== '' ? name : null,
      numOrNull(r.get('first')),
      numOrNull(r.get('last')),
    );
  }
  for (const r of edgeRows.records)
    map.edge(
      String(r.get('s')),
      String(r.get('d')),
      num(r.get('p')),
      num(r.get('b')),
      num(r.get('ports')),
      numOrNull(r.get('last')),
    );
  return map.finish({ window, from, to, oldest, newest });
}
