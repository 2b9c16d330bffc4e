// The plan of `ziem attack-sim campaign`: a seeded, randomised sequence of scenario runs that fills
// the requested time, attacks interleaved with normal traffic, each run with its own duration and
// intensity (scans paced to last most of their time, or unlimited; floods capped in packets), so the
// labelled dataset sees each technique at many sizes and paces. Attacks are drawn
// in rounds (every technique once per round, in a fresh random order), so a campaign long enough for
// k rounds has k runs of every technique; normal runs come from each sandbox host in turn. Pure: the
// runner (campaign.ts) executes the plan; tests check it without a sandbox.
import { seededRandom, type Random } from '../../../udf-bridge/model-server/prng.js';

export interface PlannedRun {
  readonly scenario: string;
  readonly durationMs: number;
  /** scenario options (string values, as the command line gives them) */
  readonly options: Readonly<Record<string, string>>;
}

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Random, lo: number, hi: number): string => String(lo + Math.floor(r() * (hi - lo + 1)));

/**
 * A rate-limited scan is paced to last about its planned time: its rate is its probes over the
 * planned seconds, times a factor drawn log-uniformly in this range (1: the whole time; 4: a
 * quarter of it), so slow scans of a few probes/s and fast ones of hundreds both occur.
 */
export const SCAN_PACE_RANGE = { min: 0.7, max: 4 } as const;
/** The share of scans run at nmap's own pace (-T4, no --max-rate): a near host in a second or two. */
const UNLIMITED_SHARE = 0.15;

/**
 * A scan's --rate: mostly rate-limited, as real scanners often are (nmap --max-rate, masscan
 * --rate), so a run lasts most of its planned time and spans several 10 s windows; sometimes
 * unlimited. `probes` is what the scan sends (ports, protocols, or hosts × probes per host).
 */
function scanRate(r: Random, probes: number, durationMs: number): Record<string, string> {
  if (r() < UNLIMITED_SHARE) return { rate: 'unlimited' };
  const { min, max } = SCAN_PACE_RANGE;
  const pace = min * (max / min) ** r();
  return { rate: String(Math.max(1, Math.round((probes / (durationMs / 1000)) * pace))) };
}
const scanSize =
  (sizes: readonly number[]) =>
  (r: Random, durationMs: number): Record<string, string> => {
    const ports = pick(r, sizes);
    return { ports: String(ports), ...scanRate(r, ports, durationMs) };
  };
const portScan = scanSize([100, 300, 1000]);
/** A sweep of the sandbox's /24 sends about this many probes per host (nmap's -PE, -PR; -PS80,22,443: 3). */
const sweep =
  (perHost: number) =>
  (r: Random, durationMs: number): Record<string, string> =>
    scanRate(r, 256 * perHost, durationMs);

/**
 * Most packets one flood run may send. On a 2-core machine the embedded engine fell 16 minutes
 * behind under floods of 55,000–89,000 SYNs (README, "Attack classifier"): a flood's first
 * seconds already make its windows, so a longer one adds load, not examples.
 */
export const FLOOD_MAX_PACKETS = 10_000;
/** Most packets of a spoofed flood run: each forged source is a host window of its own. */
export const SPOOFED_MAX_PACKETS = 1_500;

/** A flood's rate drawn from `rates`, and a count bounded by the cap (the run stops at either). */
const flood =
  (rates: readonly number[], cap: number) =>
  (r: Random, durationMs: number): Record<string, string> => {
    const rate = pick(r, rates);
    return { rate: String(rate), count: String(Math.max(1, Math.min(cap, Math.round((rate * durationMs) / 1000)))) };
  };

/**
 * Per-scenario intensity: options drawn for each run (known scenarios; others run at their
 * defaults), given the run's planned duration.
 */
const INTENSITY: Readonly<Record<string, (r: Random, durationMs: number) => Record<string, string>>> = {
  synflood: flood([100, 200, 500, 1000], FLOOD_MAX_PACKETS),
  'spoofed-synflood': flood([20, 50, 100], SPOOFED_MAX_PACKETS),
  'udp-flood': flood([20, 50, 100], SPOOFED_MAX_PACKETS),
  'ack-flood': flood([20, 50, 100], SPOOFED_MAX_PACKETS),
  'icmp-flood': flood([100, 200, 500], FLOOD_MAX_PACKETS),
  bruteforce: (r) => ({
    attempts: between(r, 10, 60),
    parallel: between(r, 1, 4),
    port: String(pick(r, [22, 2222])),
  }),
  'slow-bruteforce': (r) => ({ attempts: between(r, 3, 8) }),
  'ftp-bruteforce': (r) => ({ attempts: between(r, 10, 40), interval: String(pick(r, [0, 200, 500])) }),
  portscan: portScan,
  'connect-scan': portScan,
  'fin-scan': portScan,
  'xmas-scan': portScan,
  'null-scan': portScan,
  'ack-scan': portScan,
  'window-scan': portScan,
  'maimon-scan': portScan,
  'udp-scan': scanSize([50, 100, 200]),
  // 256 IP protocol numbers
  'protocol-scan': sweep(1),
  'icmp-sweep': sweep(1),
  'arp-sweep': sweep(1),
  'tcp-sweep': sweep(3),
};

export interface CampaignShape {
  durationMs: number;
  seed: number;
  /** the scenarios to draw attacks from (every scenario but normal) */
  attacks: readonly string[];
  /** the hosts normal runs come from, in turn (default: the scenario's own default source) */
  normalFrom?: readonly string[];
  /** shortest and longest run */
  minRunMs?: number;
  maxRunMs?: number;
}

export const NORMAL = 'normal';

/** A fresh random order of the attacks (Fisher–Yates on the seeded generator). */
function round(r: Random, attacks: readonly string[]): string[] {
  const xs = [...attacks];
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Alternates a normal run and an attack of the current round until the campaign's time is used up. */
export function planCampaign(c: CampaignShape): PlannedRun[] {
  const minRun = c.minRunMs ?? 10_000;
  const maxRun = c.maxRunMs ?? 30_000;
  if (c.attacks.length === 0) throw new RangeError('a campaign needs at least one attack scenario');
  if (c.durationMs < 2 * minRun)
    throw new RangeError(
      `--duration: a campaign needs at least ${(2 * minRun) / 1000}s (one normal run and one attack)`,
    );
  const r = seededRandom(c.seed);
  const out: PlannedRun[] = [];
  let queue: string[] = [];
  let normals = 0;
  let left = c.durationMs;
  for (let i = 0; left >= minRun; i++) {
    const attack = i % 2 === 1;
    if (attack && queue.length === 0) queue = round(r, c.attacks);
    const scenario = attack ? queue.shift()! : NORMAL;
    // normal runs are the shorter half of the range: every host's windows outside an attack are
    // normal too, while each attack run is one more example of its technique
    const longest = attack ? maxRun : (minRun + maxRun) / 2;
    const durationMs = Math.min(left, minRun + Math.floor(r() * (longest - minRun)));
    const from: Record<string, string> =
      !attack && c.normalFrom?.length ? { from: c.normalFrom[normals++ % c.normalFrom.length]! } : {};
    out.push({ scenario, durationMs, options: { ...(INTENSITY[scenario]?.(r, durationMs) ?? {}), ...from } });
    left -= durationMs;
  }
  return out;
}
