// One INCIDENTS record as ziem reads it (ksql/V000015: the alerts of one kind, attacker and victim
// in a session window), its state, and the line a person reads. Pure; reading is in incidents.ts.

import { assetsText, type AlertAssets } from './alert-record.js';

/** The session gap of INCIDENTS (WINDOW SESSION (5 MINUTES)): quiet this long, an incident is closed. */
export const INCIDENT_QUIET_MS = 5 * 60_000;

/** An incident, with the victim's and attacker's assets where INCIDENTS_ENRICHED gives them. */
export interface Incident extends AlertAssets {
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
  /** The latest class the classifier gave the incident's alerts, and its probability; else null. */
  attackClass: string | null;
  classProbability: number | null;
  state: 'open' | 'closed';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The incident as of `now`, or undefined for a tombstone or a value that is not one (never throws). */
export function decodeIncident(value: Buffer | string | null, now: number): Incident | undefined {
  if (value === null || value.length === 0) return undefined;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(value.toString());
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    o = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const kind = str(o['INCIDENT_KIND']);
  const attacker = str(o['ATTACKER']);
  const firstSeen = num(o['FIRST_SEEN']);
  const lastSeen = num(o['LAST_SEEN']);
  if (!kind || !attacker || firstSeen === null || lastSeen === null) return undefined;
  return {
    id: str(o['INCIDENT_ID']) ?? `${kind}|${attacker}|${firstSeen}`,
    kind,
    attacker,
    victim: str(o['VICTIM']),
    firstSeen,
    lastSeen,
    windows: num(o['WINDOWS']) ?? 0,
    alerts: num(o['ALERTS']) ?? 0,
    maxScore: num(o['MAX_SCORE']),
    lastReason: str(o['LAST_REASON']),
    attackClass: str(o['ATTACK_CLASS']),
    classProbability: num(o['CLASS_PROBABILITY']),
    state: now - lastSeen > INCIDENT_QUIET_MS ? 'closed' : 'open',
  };
}

/**
 * The incidents now, from every update of the topic: the last update of each incident, and of
 * sessions that merged (an alert joining two), only the merged one (its span holds the others').
 */
export function currentIncidents(updates: readonly Incident[]): Incident[] {
  const last = new Map<string, Incident>();
  for (const i of updates) last.set(i.id, i);
  const all = [...last.values()];
  const group = (i: Incident): string => `${i.kind}|${i.attacker}|${i.victim ?? '*'}`;
  return all
    .filter(
      (i) =>
        !all.some(
          (j) =>
            j !== i &&
            group(j) === group(i) &&
            j.firstSeen <= i.firstSeen &&
            j.lastSeen >= i.lastSeen &&
            (j.firstSeen < i.firstSeen || j.lastSeen > i.lastSeen || j.alerts > i.alerts),
        ),
    )
    .sort((a, b) => a.firstSeen - b.firstSeen);
}

const hms = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

export function formatIncident(i: Incident): string {
  const score =
    i.maxScore === null ? '' : ` max score ${Number.isInteger(i.maxScore) ? i.maxScore : i.maxScore.toFixed(3)}`;
  return `${new Date(i.firstSeen).toISOString()}  ${i.kind.padEnd(16)} ${i.attacker} → ${i.victim ?? '*'}  ${i.state.padEnd(6)} ${hms(i.firstSeen)}–${hms(i.lastSeen)}  ${i.alerts} alert(s) in ${i.windows} window(s)${score}${i.attackClass === null ? '' : `  class ${i.attackClass}`}${assetsText(i)}${i.lastReason ? `  ${i.lastReason}` : ''}`;
}
