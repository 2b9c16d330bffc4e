// One host for the map's side panel: its peers both ways (packets, bytes, distinct ports, last
// seen, from the TALKS_TO totals), the alerts raised on it and the incidents it is part of.
import type { Driver } from 'neo4j-driver';

export interface HostPeer {
  ip: string;
  direction: 'out' | 'in';
  packets: number;
  bytes: number;
  ports: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

export interface HostAlert {
  kind: string;
  src: string;
  dst: string | null;
  windowStart: number | null;
  score: number | null;
  reason: string | null;
  role: string;
}

export interface HostIncident {
  id: string;
  kind: string;
  attacker: string;
  victim: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
  maxScore: number | null;
  role: string;
}

export interface HostDetail {
  ip: string;
  name: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
  packetsOut: number;
  packetsIn: number;
  bytesOut: number;
  bytesIn: number;
  peers: HostPeer[];
  alerts: HostAlert[];
  incidents: HostIncident[];
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The host, or undefined when the graph has no Host with that ip. */
export async function readHost(driver: Driver, ip: string): Promise<HostDetail | undefined> {
  const h = await driver.executeQuery(
    'MATCH (h:Host {ip: $ip}) RETURN h.name AS name, h.firstSeen AS first, h.lastSeen AS last',
    { ip },
  );
  const row = h.records[0];
  if (!row) return undefined;
  const peerRows = await driver.executeQuery(
    `MATCH (h:Host {ip: $ip})-[t:TALKS_TO]->(p:Host)
     RETURN p.ip AS ip, 'out' AS dir, t.packets AS p, t.bytes AS b, t.ports AS ports, t.firstSeen AS f, t.lastSeen AS l
     UNION ALL
     MATCH (h:Host {ip: $ip})<-[t:TALKS_TO]-(p:Host)
     RETURN p.ip AS ip, 'in' AS dir, t.packets AS p, t.bytes AS b, t.ports AS ports, t.firstSeen AS f, t.lastSeen AS l`,
    { ip },
  );
  const peers = peerRows.records
    .map((r): HostPeer => ({
      ip: String(r.get('ip')),
      direction: r.get('dir') === 'out' ? 'out' : 'in',
      packets: num(r.get('p')),
      bytes: num(r.get('b')),
      ports: num(r.get('ports')),
      firstSeen: numOrNull(r.get('f')),
      lastSeen: numOrNull(r.get('l')),
    }))
    .sort((a, b) => b.packets - a.packets || a.ip.localeCompare(b.ip));
  const alertRows = await driver.executeQuery(
    `MATCH (a:Alert)-[r:RAISED_ON]->(:Host {ip: $ip})
     RETURN a.kind AS kind, a.src AS src, a.dst AS dst, a.windowStart AS ws, a.score AS score, a.reason AS reason, r.role AS role
     ORDER BY a.windowStart DESC LIMIT 200`,
    { ip },
  );
  const incidentRows = await driver.executeQuery(
    `MATCH (i:Incident)-[r:ATTACKER|VICTIM]->(:Host {ip: $ip})
     RETURN i.id AS id, i.kind AS kind, i.attacker AS attacker, i.victim AS victim, i.firstSeen AS f, i.lastSeen AS l,
            i.maxScore AS score, type(r) AS role
     ORDER BY i.firstSeen DESC LIMIT 200`,
    { ip },
  );
  const sum = (dir: 'out' | 'in', k: 'packets' | 'bytes'): number =>
    peers.filter((p) => p.direction === dir).reduce((n, p) => n + p[k], 0);
  return {
    ip,
    name: strOrNull(row.get('name')),
    firstSeen: numOrNull(row.get('first')),
    lastSeen: numOrNull(row.get('last')),
    packetsOut: sum('out', 'packets'),
    packetsIn: sum('in', 'packets'),
    bytesOut: sum('out', 'bytes'),
    bytesIn: sum('in', 'bytes'),
    peers,
    alerts: alertRows.records.map((r) => ({
      kind: String(r.get('kind')),
      src: String(r.get('src')),
      dst: strOrNull(r.get('dst')),
      windowStart: numOrNull(r.get('ws')),
      score: numOrNull(r.get('score')),
      reason: strOrNull(r.get('reason')),
      role: String(r.get('role') ?? ''),
    })),
    incidents: incidentRows.records.map((r) => ({
      id: String(r.get('id')),
      kind: String(r.get('kind')),
      attacker: String(r.get('attacker')),
      victim: strOrNull(r.get('victim')),
      firstSeen: numOrNull(r.get('f')),
      lastSeen: numOrNull(r.get('l')),
      maxScore: numOrNull(r.get('score')),
      role: String(r.get('role')).toLowerCase(),
    })),
  };
}
