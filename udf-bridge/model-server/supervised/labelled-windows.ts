// The labelled dataset of the supervised model: each host window (a HOST_WINDOWS or HOST_ACTIVITY
// row) joined to the attack-sim run that sent traffic from that host at that time, by the ground
// truth on ziem-attack-labels; windows no run covers are "normal". Each window gets the run's
// technique and its family (attack-families.ts), the classifier's class. Pure: readers hand in
// decoded rows, so the join is tested without Kafka.
import { familyOf, NORMAL_FAMILY } from './attack-families.js';

/** One host window as the pipeline writes it (HOST_WINDOWS / HOST_ACTIVITY value fields). */
export interface HostWindow {
  readonly src: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly features: number[];
  /** SRC_INTERNAL: whether the source is a sandbox address (absent when the row does not say) */
  readonly internal?: boolean;
}

/** One ground-truth record of ziem-attack-labels (cli/sandbox/attacks/labels.ts writes them). */
export interface RunLabel {
  readonly scenario: string;
  readonly src: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface LabelledWindow {
  readonly features: number[];
  /** the class: the family of the run's technique (attack-families.ts), or "normal" */
  readonly class: string;
  /** the run's technique (portscan-syn, fin-scan, …), or "normal" */
  readonly technique: string;
  /** the run the window belongs to: held-out splits keep a run's windows together */
  readonly run: string;
  readonly src: string;
  readonly windowStart: number;
}

export const NORMAL_CLASS = NORMAL_FAMILY;
/**
 * Windows no run covers are grouped into blocks of this length per host, so a held-out split never
 * puts one minute of a host's traffic in training and the next in evaluation.
 */
export const NORMAL_BLOCK_MS = 5 * 60_000;

/**
 * The technique a run stands for: its scenario, refined by the technique it reports when that is
 * a word (portscan's "syn"), so each way of attacking is told apart. Scenarios that are one
 * technique each report tool flags instead (the nmap scans' "-sF"): their technique is the
 * scenario. A "normal" run is normal traffic.
 */
export function techniqueOf(l: RunLabel): string {
  if (l.scenario === NORMAL_CLASS) return NORMAL_CLASS;
  const t = l.params['technique'];
  return typeof t === 'string' && /^[a-z][a-z0-9-]*$/.test(t) && !l.scenario.includes(t)
    ? `${l.scenario}-${t}`
    : l.scenario;
}

/**
 * A run whose packets carry forged source addresses (the spoofed flood's `params.spoofed`): its
 * traffic shows up in the windows of sources outside the sandbox, not in its own host's.
 */
const spoofed = (l: RunLabel): boolean => l.params['spoofed'] === true;

const runId = (l: RunLabel): string => `${l.scenario}@${l.src}@${l.startedAt}`;

/** The last row of each host window: HOST_ACTIVITY holds every update, the last one is the window. */
export function finalWindows(rows: Iterable<HostWindow>): HostWindow[] {
  const last = new Map<string, HostWindow>();
  for (const r of rows) last.set(`${r.src}|${r.windowStart}`, r);
  return [...last.values()];
}

/**
 * Joins each window to the run from its host whose time span overlaps the window; a window of a
 * source outside the sandbox (SRC_INTERNAL false) joins a spoofed run overlapping it. When two
 * runs overlap a window (back-to-back runs), an attack wins over a normal run however little of
 * the window it covers: a scan sends its probes in a burst (a thousand in a fraction of a second)
 * where normal traffic is an action every few hundred ms, so the window holds the attack. Between
 * attacks, the one covering more of the window wins.
 */
export function labelWindows(windows: Iterable<HostWindow>, labels: readonly RunLabel[]): LabelledWindow[] {
  const bySrc = new Map<string, RunLabel[]>();
  for (const l of labels) if (!spoofed(l)) bySrc.set(l.src, [...(bySrc.get(l.src) ?? []), l]);
  const forged = labels.filter(spoofed);
  const out: LabelledWindow[] = [];
  for (const w of finalWindows(windows)) {
    let best: RunLabel | undefined;
    let bestRank = 0;
    for (const l of [...(bySrc.get(w.src) ?? []), ...(w.internal === false ? forged : [])]) {
      const overlap = Math.min(w.windowEnd, l.endedAt) - Math.max(w.windowStart, l.startedAt);
      if (overlap <= 0) continue;
      // any overlapping attack ranks above every normal run
      const rank = overlap + (l.scenario === NORMAL_CLASS ? 0 : w.windowEnd - w.windowStart);
      if (rank > bestRank) {
        best = l;
        bestRank = rank;
      }
    }
    const technique = best ? techniqueOf(best) : NORMAL_CLASS;
    out.push({
      features: w.features,
      class: familyOf(technique),
      technique,
      run: best ? runId(best) : `${NORMAL_CLASS}@${w.src}@${Math.floor(w.windowStart / NORMAL_BLOCK_MS)}`,
      src: w.src,
      windowStart: w.windowStart,
    });
  }
  return out.sort((a, b) => a.windowStart - b.windowStart || a.src.localeCompare(b.src));
}

/** Decodes a HOST_WINDOWS / HOST_ACTIVITY value, or says what is wrong with it. */
export function decodeHostWindow(v: unknown): HostWindow | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  const src = o['SRC_IP'] ?? o['src'];
  const ws = o['WINDOW_START'] ?? o['windowStart'];
  const we = o['WINDOW_END'] ?? o['windowEnd'];
  const f = o['FEATURES'] ?? o['features'];
  if (typeof src !== 'string' || src === '') return 'field SRC_IP: expected the source address';
  if (typeof ws !== 'number' || typeof we !== 'number' || !(we > ws))
    return 'fields WINDOW_START, WINDOW_END: expected epoch-ms numbers, end after start';
  if (!Array.isArray(f) || f.length === 0 || !f.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return 'field FEATURES: expected a non-empty array of finite numbers';
  const internal = o['SRC_INTERNAL'] ?? o['internal'];
  return {
    src,
    windowStart: ws,
    windowEnd: we,
    features: f as number[],
    ...(typeof internal === 'boolean' ? { internal } : {}),
  };
}

/** Decodes a ziem-attack-labels value, or says what is wrong with it. */
export function decodeRunLabel(v: unknown): RunLabel | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  if (typeof o['scenario'] !== 'string' || o['scenario'] === '') return 'field scenario: expected a name';
  if (typeof o['src'] !== 'string') return 'field src: expected an address';
  const s = o['startedAt'];
  const e = o['endedAt'];
  if (typeof s !== 'number' || typeof e !== 'number' || e < s)
    return 'fields startedAt, endedAt: expected epoch-ms numbers, end not before start';
  const params =
    typeof o['params'] === 'object' && o['params'] !== null ? (o['params'] as Record<string, unknown>) : {};
  return { scenario: o['scenario'], src: o['src'], startedAt: s, endedAt: e, params };
}
