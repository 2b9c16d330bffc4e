// The labels file of `ziem analyze --expect`: one line per expected detection,
//   <capture> <KIND|none> [attacker] [victim]
// with `*` (or nothing) for any attacker or victim, `#` comments and blank lines ignored; capture
// paths are relative to the labels file. An unknown kind is a usage error naming file:line. Pure.
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors/ziem-error.js';

/** The alert kinds the pipeline's rules and model raise (issue 21's list, and issue 14's intel alert). */
export const ALERT_KINDS = [
  'PORT_SCAN',
  'STEALTH_SCAN',
  'UDP_SCAN',
  'PROTOCOL_SCAN',
  'HOST_SWEEP',
  'SYN_FLOOD',
  'REFLECTION_FLOOD',
  'UDP_FLOOD',
  'TCP_FLOOD',
  'ICMP_FLOOD',
  'IP_FLOOD',
  'SSH_BRUTE_FORCE',
  'FTP_BRUTE_FORCE',
  'ANOMALY',
  'CLASSIFIED_ATTACK',
  'KNOWN_BAD_HOST',
] as const;

export interface ExpectedDetection {
  /** Absolute path of the capture. */
  capture: string;
  /** An alert kind, or 'none' for a capture that must raise nothing. */
  kind: string;
  attacker: string | undefined;
  victim: string | undefined;
  where: string;
}

const any = (v: string | undefined): string | undefined => (v === undefined || v === '*' ? undefined : v);

export function parseLabels(text: string, file: string): ExpectedDetection[] {
  const base = dirname(resolve(file));
  const out: ExpectedDetection[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const where = `${file}:${i + 1}`;
    const [capture, kindText, attacker, victim, ...extra] = line.split(/\s+/);
    if (kindText === undefined)
      throw new UsageError(`${where}: expected "<capture> <kind|none> [attacker] [victim]", got "${line}"`);
    if (extra.length > 0) throw new UsageError(`${where}: too many columns (${extra.length} after the victim)`);
    const kind = kindText.toLowerCase() === 'none' ? 'none' : kindText.toUpperCase();
    if (kind !== 'none' && !(ALERT_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`${where}: unknown alert kind "${kindText}"; known: ${ALERT_KINDS.join(', ')}, none`);
    if (kind === 'none' && (attacker !== undefined || victim !== undefined))
      throw new UsageError(`${where}: "none" takes no attacker or victim`);
    out.push({ capture: resolve(base, capture!), kind, attacker: any(attacker), victim: any(victim), where });
  });
  return out;
}

/** The labels of one capture, found by its absolute path, else by file name. */
export function labelsFor(labels: readonly ExpectedDetection[], capture: string): ExpectedDetection[] {
  const abs = resolve(capture);
  const exact = labels.filter((l) => l.capture === abs);
  if (exact.length > 0) return exact;
  return labels.filter((l) => basename(l.capture) === basename(abs));
}
