// One ALERTS record as ziem reads it: decoding the JSON value the pipeline writes (KIND, SRC, DST,
// WINDOW_START, WINDOW_END, SCORE, REASON, ATTACK_CLASS, CLASS_PROBABILITY, and in ALERTS_ENRICHED
// the victim's and attacker's asset columns) and the line a person reads. Pure; the consumer is in alerts.ts.

export interface Alert {
  kind: string;
  src: string;
  dst: string | null;
  windowStart: number;
  windowEnd: number;
  score: number | null;
  reason: string | null;
  /** The classifier's class for the window and its probability (the models' alerts), else null. */
  attackClass: string | null;
  classProbability: number | null;
  /** From ALERTS_ENRICHED (ksql/V000020), each present only when the inventory has it. */
  victimName?: string;
  victimOwner?: string;
  victimCriticality?: string;
  attackerName?: string;
  attackerOwner?: string;
  attackerCriticality?: string;
}

/** The asset columns of ALERTS_ENRICHED and the Alert fields they fill. */
const ASSET_FIELDS = [
  ['VICTIM_NAME', 'victimName'],
  ['VICTIM_OWNER', 'victimOwner'],
  ['VICTIM_CRITICALITY', 'victimCriticality'],
  ['ATTACKER_NAME', 'attackerName'],
  ['ATTACKER_OWNER', 'attackerOwner'],
  ['ATTACKER_CRITICALITY', 'attackerCriticality'],
] as const;

export type AlertAssets = Pick<Alert, (typeof ASSET_FIELDS)[number][1]>;

/** The asset fields an alert carries (none for a record of ALERTS itself). */
export function assetsOf(a: Alert): AlertAssets {
  const out: AlertAssets = {};
  for (const [, f] of ASSET_FIELDS) if (a[f] !== undefined) out[f] = a[f];
  return out;
}

/** The asset fields of a row of ALERTS_ENRICHED or INCIDENTS_ENRICHED (those the inventory has). */
export function assetColumns(o: Record<string, unknown>): AlertAssets {
  const out: AlertAssets = {};
  for (const [column, f] of ASSET_FIELDS) {
    const v = str(o[column]);
    if (v !== null) out[f] = v;
  }
  return out;
}

/** What identifies an alert, as ALERT_FIRSTS deduplicates them (kind, source, destination, window). */
export const alertIdentity = (a: Alert): string => [a.kind, a.src, a.dst ?? '*', a.windowStart].join('|');

const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)
      ? Number(v)
      : null;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The alert, or undefined for a tombstone or a value that is not an alert (never throws). */
export function decodeAlert(value: Buffer | string | null): Alert | undefined {
  if (value === null || value.length === 0) return undefined;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(value.toString());
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    o = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const kind = str(o['KIND']);
  const src = str(o['SRC']);
  const windowStart = num(o['WINDOW_START']);
  if (!kind || !src || windowStart === null) return undefined;
  const alert: Alert = {
    kind,
    src,
    dst: str(o['DST']),
    windowStart,
    windowEnd: num(o['WINDOW_END']) ?? windowStart,
    score: num(o['SCORE']),
    reason: str(o['REASON']),
    attackClass: str(o['ATTACK_CLASS']),
    classProbability: num(o['CLASS_PROBABILITY']),
  };
  Object.assign(alert, assetColumns(o));
  return alert;
}

function assetText(role: string, name: string | undefined, criticality: string | undefined): string {
  return name === undefined ? '' : `  ${role} ${name}${criticality === undefined ? '' : ` (${criticality})`}`;
}

/** "  attacker NAME (criticality)  victim NAME (criticality)" for the assets known, else "". */
export const assetsText = (a: AlertAssets): string =>
  assetText('attacker', a.attackerName, a.attackerCriticality) + assetText('victim', a.victimName, a.victimCriticality);

const hms = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

export function formatAlert(a: Alert): string {
  const score = a.score === null ? '' : ` score ${Number.isInteger(a.score) ? a.score : a.score.toFixed(3)}`;
  const cls =
    a.attackClass === null
      ? ''
      : `  class ${a.attackClass}${a.classProbability === null ? '' : ` (p ${a.classProbability.toFixed(2)})`}`;
  const assets = assetsText(a);
  return `${new Date(a.windowStart).toISOString()}  ${a.kind.padEnd(16)} ${a.src} → ${a.dst ?? '*'}${score}  window ${hms(a.windowStart)}–${hms(a.windowEnd)}${cls}${assets}${a.reason ? `  ${a.reason}` : ''}`;
}
