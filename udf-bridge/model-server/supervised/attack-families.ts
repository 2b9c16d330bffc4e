// The attack families, the classes of the attack classifier: each family is an alert kind of the
// detection rules in lower-case kebab (PORT_SCAN → port-scan), and each simulator technique (a
// run's scenario, refined by its reported technique: labelled-windows.ts) belongs to one. The
// classifier names what the rules name; the technique stays on each dataset line for evaluation.
import { ModelError } from '../model-error.js';

export const NORMAL_FAMILY = 'normal';

/** technique → family. A new attack-sim scenario needs its line here (a unit test checks them all). */
export const FAMILY_OF: Readonly<Record<string, string>> = {
  normal: NORMAL_FAMILY,
  // PORT_SCAN: full or half-open TCP handshakes to many ports
  'portscan-syn': 'port-scan',
  'connect-scan': 'port-scan',
  // STEALTH_SCAN: probes without a SYN, answered by RSTs or silence
  'fin-scan': 'stealth-scan',
  'xmas-scan': 'stealth-scan',
  'null-scan': 'stealth-scan',
  'ack-scan': 'stealth-scan',
  'window-scan': 'stealth-scan',
  'maimon-scan': 'stealth-scan',
  'udp-scan': 'udp-scan',
  'protocol-scan': 'protocol-scan',
  // HOST_SWEEP: one probe to each of many hosts
  'icmp-sweep': 'host-sweep',
  'arp-sweep': 'host-sweep',
  'tcp-sweep': 'host-sweep',
  synflood: 'syn-flood',
  'spoofed-synflood': 'syn-flood',
  bruteforce: 'ssh-brute-force',
  'slow-bruteforce': 'ssh-brute-force',
  'ftp-bruteforce': 'ftp-brute-force',
  'udp-flood': 'udp-flood',
  'ack-flood': 'tcp-flood',
  'icmp-flood': 'icmp-flood',
};

/** The alert kind a family stands for, as a family name: SSH_BRUTE_FORCE → ssh-brute-force. */
export const familyOfKind = (kind: string): string => kind.toLowerCase().replaceAll('_', '-');

/** The family of a technique, or a clear error naming the table to extend. */
export function familyOf(technique: string): string {
  const f = FAMILY_OF[technique];
  if (f === undefined)
    throw new ModelError(
      'MODEL_INPUT',
      `technique "${technique}" has no attack family (udf-bridge/model-server/supervised/attack-families.ts)`,
      { hint: 'add the technique to FAMILY_OF, under the alert kind that detects it' },
    );
  return f;
}
