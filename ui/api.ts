// The page's calls to its own server: same origin, so the token cookie (when the server needs one)
// goes along by itself; the page never sees a credential.
import { decodeMap } from './map-wire.js';
import { markStep } from './timing.js';
import type { FeedEvent, HostDetail, MapData, WindowName } from './types.js';

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${path}: HTTP ${res.status}`);
  return body as T;
}

/**
 * The map for a window; `at`: the window ending then (play-back) instead of at the newest traffic.
 * Undefined when the answer is byte for byte `unchanged` (the last body): a reload of a big graph
 * that has not moved then costs a string comparison instead of a redraw.
 */
export async function fetchMap(
  w: WindowName,
  at: number | undefined,
  unchanged: string,
): Promise<{ data: MapData | undefined; body: string }> {
  const path = `/api/graph?window=${encodeURIComponent(w)}${at === undefined ? '' : `&at=${at}`}`;
  const res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  const text = await res.text();
  markStep('fetched');
  if (res.ok && text === unchanged) return { data: undefined, body: text };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${path}: HTTP ${res.status}`);
  }
  if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `${path}: HTTP ${res.status}`);
  const data = decodeMap(body, path);
  markStep('parsed');
  return { data, body: text };
}

export const fetchHost = (ip: string): Promise<HostDetail> => getJson(`/api/host?ip=${encodeURIComponent(ip)}`);

/** Follows /api/events (EventSource reconnects by itself); returns the closer. */
export function followEvents(on: (e: FeedEvent) => void, onState: (connected: boolean) => void): () => void {
  const es = new EventSource('/api/events');
  for (const type of ['snapshot', 'alert', 'incident'])
    es.addEventListener(type, (m) => on(JSON.parse((m as MessageEvent<string>).data) as FeedEvent));
  es.onopen = () => onState(true);
  es.onerror = () => onState(false);
  return () => es.close();
}
