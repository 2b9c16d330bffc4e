// The map's live feed: follows the ALERTS and INCIDENTS topics from the beginning (cli/alerts/),
// keeps the newest alerts and every incident's latest update, and pushes each new one to the
// subscribers (the SSE connections of server.ts). A new subscriber first gets a snapshot.
import { openAlertFeed, openTopicFeed, type AlertFeed } from '../alerts/alerts.js';
import type { Alert } from '../alerts/alert-record.js';
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

export function openLiveFeed(bootstrap: string, now: () => number): LiveFeed {
  const alerts: Alert[] = [];
  const incidents = new Map<string, Incident>();
  const subscribers = new Set<(e: FeedEvent) => void>();
  const publish = (e: FeedEvent): void => {
    for (const fn of subscribers) fn(e);
  };
  const feeds: AlertFeed[] = [
    openAlertFeed(bootstrap, (a, receivedAt) => {
      if (!a) return;
      alerts.push(a);
      if (alerts.length > KEPT_ALERTS) alerts.splice(0, alerts.length - KEPT_ALERTS);
      publish({ type: 'alert', alert: a, receivedAt });
    }),
    openTopicFeed(bootstrap, INCIDENTS_TOPIC, (value) => {
      const i = decodeIncident(value, now());
      if (!i) return;
      incidents.set(i.id, i);
      publish({ type: 'incident', incident: i });
    }),
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
