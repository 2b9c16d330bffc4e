// The map's live feed: follows the ALERTS and INCIDENTS topics from the beginning (cli/alerts/),
// keeps the newest alerts and every incident's latest update, and pushes each new one to the
// subscribers (the SSE connections of server.ts). A new subscriber first gets a snapshot. A feed
// that cannot start (Kafka not up yet, a topic just created and not yet led) is retried every few
// seconds until closed; records seen before are not pushed twice (the offsets read are remembered).
import { ALERTS_TOPIC, openTopicFeed, type AlertFeed } from '../alerts/alerts.js';
import { decodeAlert, type Alert } from '../alerts/alert-record.js';
import { INCIDENTS_TOPIC } from '../alerts/incidents.js';
import { currentIncidents, decodeIncident, INCIDENT_QUIET_MS, type Incident } from '../alerts/incident-record.js';

/** Alerts kept for the snapshot a new page gets (the newest). */
export const KEPT_ALERTS = 1000;

export type FeedEvent =
  | { type: 'snapshot'; alerts: Alert[]; incidents: Incident[] }
  | { type: 'alert'; alert: Alert; receivedAt: number }
  | { type: 'incident'; incident: Incident };

export interface LiveFeed {
  readonly ready: Promise<void>;
  subscribe(fn: (e: FeedEvent) => void): () => void;
  snapshot(): FeedEvent;
  close(): Promise<void>;
}

const RETRY_MS = 3_000;

/** A topic feed that reopens itself when it fails to start; `ready` is the first successful start. */
function resilientFeed(
  open: (onRecord: (value: Buffer | null, at: { partition: number; offset: string }) => void) => AlertFeed,
  onRecord: (value: Buffer | null) => void,
  onError: (err: unknown) => void,
): AlertFeed {
  let current: AlertFeed | undefined;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Map<number, bigint>(); // partition → last offset handed on
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const start = (): void => {
    if (closed) return;
    const feed = open((value, at) => {
      const offset = BigInt(at.offset);
      if (offset <= (seen.get(at.partition) ?? -1n)) return; // already handed on before a restart
      seen.set(at.partition, offset);
      onRecord(value);
    });
    current = feed;
    feed.ready.then(resolveReady, (err: unknown) => {
      onError(err);
      void feed.close().catch(() => undefined);
      if (!closed) timer = setTimeout(start, RETRY_MS);
    });
  };
  start();
  return {
    ready,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await current?.close();
    },
  };
}

export function openLiveFeed(
  bootstrap: string,
  now: () => number,
  onError: (err: unknown) => void = () => undefined,
): LiveFeed {
  const alerts: Alert[] = [];
  const incidents = new Map<string, Incident>();
  const subscribers = new Set<(e: FeedEvent) => void>();
  const publish = (e: FeedEvent): void => {
    for (const fn of subscribers) fn(e);
  };
  const feeds: AlertFeed[] = [
    resilientFeed(
      (on) => openTopicFeed(bootstrap, ALERTS_TOPIC, (value, _t, at) => on(value, at)),
      (value) => {
        const a = decodeAlert(value);
        if (!a) return;
        alerts.push(a);
        if (alerts.length > KEPT_ALERTS) alerts.splice(0, alerts.length - KEPT_ALERTS);
        publish({ type: 'alert', alert: a, receivedAt: now() });
      },
      onError,
    ),
    resilientFeed(
      (on) => openTopicFeed(bootstrap, INCIDENTS_TOPIC, (value, _t, at) => on(value, at)),
      (value) => {
        const i = decodeIncident(value, now());
        if (!i) return;
        incidents.set(i.id, i);
        publish({ type: 'incident', incident: i });
      },
      onError,
    ),
  ];
  const snapshot = (): FeedEvent => ({
    type: 'snapshot',
    alerts: [...alerts],
    incidents: currentIncidents([...incidents.values()]).map((i) => decodeIncidentState(i, now())),
  });
  return {
    ready: Promise.all(feeds.map((f) => f.ready)).then(() => undefined),
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    snapshot,
    async close() {
      subscribers.clear();
      await Promise.allSettled(feeds.map((f) => f.close()));
    },
  };
}

/** The incident's open/closed state as of now (it was decoded when its last update arrived). */
const decodeIncidentState = (i: Incident, now: number): Incident => ({
  ...i,
  state: now - i.lastSeen > INCIDENT_QUIET_MS ? 'closed' : 'open',
});
