// Which alert counts as the detection of a scenario run: its kind (per scenario), raised on the
// attacker as source, for a window that ends at or after the attack started. Pure, so the
// matching rule is tested without a pipeline; expect-detection.ts does the waiting.
import { UsageError } from '../../../core/errors/ziem-error.js';
import type { Alert } from '../../alerts/alert-record.js';
import { NMAP_DETECTED_BY } from './nmap-scans.js';
import { SPOOFED_FLOODS } from './spoofed-flood.js';

export const DETECTED_BY: Readonly<Record<string, readonly string[]>> = {
  portscan: ['PORT_SCAN'],
  ...NMAP_DETECTED_BY,
  synflood: ['SYN_FLOOD'],
  'spoofed-synflood': ['SYN_FLOOD'],
  'udp-flood': ['UDP_FLOOD'],
  'ack-flood': ['TCP_FLOOD'],
  'icmp-flood': ['ICMP_FLOOD'],
  bruteforce: ['SSH_BRUTE_FORCE'],
  'slow-bruteforce': ['SSH_BRUTE_FORCE'],
  'ftp-bruteforce': ['FTP_BRUTE_FORCE'],
};

export function expectedKinds(scenario: string): readonly string[] {
  const kinds = DETECTED_BY[scenario];
  if (!kinds)
    throw new UsageError(
      `--expect-detection does not apply to "${scenario}": no alert kind detects it (expected one of ${Object.keys(DETECTED_BY).join(', ')})`,
    );
  return kinds;
}

/** Spoofed sources: the alert names the victim (and a count of sources), never one attacker. */
const BY_VICTIM = new Set(SPOOFED_FLOODS);

/** Whom a run's alert must name: the attacker as source, or (spoofed sources) the victim. */
export const matchedBy = (scenario: string): 'victim' | 'attacker' => (BY_VICTIM.has(scenario) ? 'victim' : 'attacker');

export function matchesRun(a: Alert, run: { scenario: string; src: string; dst?: string; startedAt: number }): boolean {
  const who = matchedBy(run.scenario) === 'victim' ? a.dst === run.dst : a.src === run.src;
  return expectedKinds(run.scenario).includes(a.kind) && who && a.windowEnd >= run.startedAt;
}

/** "60s", "2m", "90" (seconds) → ms, for --timeout. */
export function parseTimeout(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--timeout expects a duration like 60s or 2m, got "${text}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 1000 || ms > 3_600_000) throw new UsageError(`--timeout must be between 1s and 60m, got "${text}"`);
  return ms;
}
