// The plan of `ziem attack-sim campaign`: a seeded, randomised sequence of scenario runs that fills
// the requested time, attacks interleaved with normal traffic, each run with its own duration and
// intensity, so the labelled dataset sees each technique at many sizes and paces. Pure: the runner
// (campaign.ts) executes the plan; tests check it without a sandbox.
import { seededRandom, type Random } from '../../../udf-bridge/model-server/prng.js';

export interface PlannedRun {
  readonly scenario: string;
  readonly durationMs: number;
  /** scenario options (string values, as the command line gives them) */
  readonly options: Readonly<Record<string, string>>;
}

/** Per-scenario intensity: options drawn for each run (known scenarios; others run at their defaults). */
const INTENSITY: Readonly<Record<string, (r: Random) => Record<string, string>>> = {
  synflood: (r) => ({ rate: String(pick(r, [500, 1000, 2000, 5000, 10000])) }),
  bruteforce: (r) => ({ attempts: String(10 + Math.floor(r() * 50)), parallel: String(1 + Math.floor(r() * 4)) }),
};

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export interface CampaignShape {
  durationMs: number;
  seed: number;
  /** the scenarios to draw attacks from (every scenario but normal) */
  attacks: readonly string[];
  /** shortest and longest run */
  minRunMs?: number;
  maxRunMs?: number;
}

export const NORMAL = 'normal';

/** Alternates a normal run and a randomly drawn attack until the campaign's time is used up. */
export function planCampaign(c: CampaignShape): PlannedRun[] {
  const minRun = c.minRunMs ?? 10_000;
  const maxRun = c.maxRunMs ?? 60_000;
  if (c.attacks.length === 0) throw new RangeError('a campaign needs at least one attack scenario');
  if (c.durationMs < 2 * minRun)
    throw new RangeError(
      `--duration: a campaign needs at least ${(2 * minRun) / 1000}s (one normal run and one attack)`,
    );
  const r = seededRandom(c.seed);
  const out: PlannedRun[] = [];
  let left = c.durationMs;
  for (let i = 0; left >= minRun; i++) {
    const scenario = i % 2 === 0 ? NORMAL : pick(r, c.attacks);
    const durationMs = Math.min(left, minRun + Math.floor(r() * (maxRun - minRun)));
    out.push({ scenario, durationMs, options: INTENSITY[scenario]?.(r) ?? {} });
    left -= durationMs;
  }
  return out;
}
