// What every attack-sim scenario receives and returns. The source and target are sandbox hosts
// that already passed the guardrails; a scenario only decides which tool to run and how hard.
import type { Logger } from '../../context.js';
import type { HostRunner } from '../host-runner.js';
import type { SandboxHost, SandboxLayout } from '../layout.js';

export interface ScenarioEnv {
  readonly layout: SandboxLayout;
  readonly src: SandboxHost;
  readonly dst: SandboxHost;
  /** the sandbox state dir (keys, logs) */
  readonly dir: string;
  readonly durationMs: number;
  readonly log: Logger;
  readonly now: () => number;
  /** runs a tool on a sandbox host (namespace, container or VM, by target) */
  readonly runner: HostRunner;
}

/** What the scenario actually did, stored as the ground truth's `params`. */
export type ScenarioParams = Record<string, string | number | boolean | readonly string[]>;

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** the role a default target has, when --to is not given */
  readonly defaultTargetRole: string;
  readonly tools: ReadonlyArray<readonly [string, string]>;
  run(env: ScenarioEnv, opts: Readonly<Record<string, string | undefined>>): Promise<ScenarioParams>;
}

/** "60s", "2m", "500ms", or a bare number of seconds; bounded to one hour. */
export function parseDuration(text: string, flag = '--duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new RangeError(`${flag} ${text}: expected a duration like 30s, 2m or 500ms`);
  const n = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1_000);
  if (n < 100 || n > 3_600_000) throw new RangeError(`${flag} ${text}: must be between 100ms and 60m`);
  return Math.round(n);
}

/** A positive integer option within [min, max], or the default. */
export function intOption(v: string | undefined, flag: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v.trim())) throw new RangeError(`${flag} ${v}: expected a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new RangeError(`${flag} ${v}: must be between ${min} and ${max}`);
  return n;
}

/** The most probes per second a rate-limited scan may be asked for (nmap's own ceiling is far higher). */
export const MAX_SCAN_RATE = 100_000;

/**
 * A scan's --rate: probes per second at most (nmap --max-rate), as real scanners are often run to
 * stay under an IDS's radar; absent or "unlimited" for the tool's own pace (undefined).
 */
export function rateOption(v: string | undefined, flag = '--rate'): number | undefined {
  if (v === undefined || v.trim() === 'unlimited') return undefined;
  if (!/^\d+$/.test(v.trim()))
    throw new RangeError(`${flag} ${v}: expected probes per second (a whole number) or "unlimited"`);
  return intOption(v, flag, 0, 1, MAX_SCAN_RATE);
}
