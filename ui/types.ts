// What the map's server answers (cli/ui/map-query.ts, host-query.ts, live-feed.ts), as the page
// reads it. The page is bundled on its own, so these shapes are restated here, not imported.

export const WINDOW_NAMES = ['5m', '1h', '24h', 'all'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export interface MapHost {
  ip: string;
  name: string | null;
  internal: boolean;
  packets: number;
  bytes: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** [source ip, destination ip, packets, bytes, most distinct destination ports in a window, last seen] */
export type MapEdge = [string, string, number, number, number, number | null];

export interface MapData {
  window: WindowName;
  from: number | null;
  to: number | null;
  /** the graph's first window start and newest window end: the range play-back steps through */
  oldest: number | null;
  newest: number | null;
  hosts: MapHost[];
  edges: MapEdge[];
}

export interface HostPeer {
  ip: string;
  direction: 'out' | 'in';
  packets: number;
  bytes: number;
  ports: number;
  firstSeen: number | null;
  lastSeen: number | null;
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
  alerts: {
    kind: string;
    src: string;
    dst: string | null;
    windowStart: number | null;
    score: number | null;
    reason: string | null;
    role: string;
  }[];
  incidents: {
    id: string;
    kind: string;
    attacker: string;
    victim: string | null;
    firstSeen: number | null;
    lastSeen: number | null;
    maxScore: number | null;
    role: string;
  }[];
}

export interface Alert {
  kind: string;
  src: string;
  dst: string | null;
  windowStart: number;
  windowEnd: number;
  score: number | null;
  reason: string | null;
}

export interface Incident {
  id: string;
  kind: string;
  attacker: string;
  victim: string | null;
  firstSeen: number;
  lastSeen: number;
  windows: number;
  alerts: number;
  maxScore: number | null;
  lastReason: string | null;
  state: 'open' | 'closed';
}

export type FeedEvent =
  | { type: 'snapshot'; alerts: Alert[]; incidents: Incident[] }
  | { type: 'alert'; alert: Alert; receivedAt: number }
  | { type: 'incident'; incident: Incident };
