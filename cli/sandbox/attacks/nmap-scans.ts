// The nmap scan techniques beyond the SYN scan (portscan.ts), one scenario each: connect, UDP,
// FIN, XMAS, NULL, ACK, window, Maimon and IP-protocol scans of one host, and ICMP, ARP and TCP host sweeps
// of the sandbox network (its own CIDR, never anything else). Bounded by --duration through nmap's
// host timeout; run only through env.runner.
import { intOption, rateOption, type Scenario, type ScenarioEnv } from './scenario.js';

export interface Technique {
  name: string;
  description: string;
  /** nmap's flags for the technique */
  flags: readonly string[];
  /** what is probed: ports of one host, or the sandbox network (a sweep) */
  sweep?: boolean;
  /** --top-ports (absent for protocol scans and sweeps) */
  ports?: number;
}

const TECHNIQUES: readonly Technique[] = [
  {
    name: 'connect-scan',
    description: 'nmap TCP connect scan (-sT) of the top 1,000 ports',
    flags: ['-sT'],
    ports: 1000,
  },
  // UDP answers come slowly (ICMP rate limits): fewer ports, one retry
  {
    name: 'udp-scan',
    description: 'nmap UDP scan (-sU) of the top 200 ports',
    flags: ['-sU', '--max-retries', '1'],
    ports: 200,
  },
  { name: 'fin-scan', description: 'nmap FIN scan (-sF) of the top 1,000 ports', flags: ['-sF'], ports: 1000 },
  {
    name: 'xmas-scan',
    description: 'nmap XMAS scan (-sX: FIN, PSH, URG) of the top 1,000 ports',
    flags: ['-sX'],
    ports: 1000,
  },
  {
    name: 'null-scan',
    description: 'nmap NULL scan (-sN: no flags) of the top 1,000 ports',
    flags: ['-sN'],
    ports: 1000,
  },
  { name: 'ack-scan', description: 'nmap ACK scan (-sA) of the top 1,000 ports', flags: ['-sA'], ports: 1000 },
  { name: 'window-scan', description: 'nmap window scan (-sW) of the top 1,000 ports', flags: ['-sW'], ports: 1000 },
  {
    name: 'maimon-scan',
    description: 'nmap Maimon scan (-sM: FIN/ACK) of the top 1,000 ports',
    flags: ['-sM'],
    ports: 1000,
  },
  { name: 'protocol-scan', description: 'nmap IP protocol scan (-sO) of all 256 protocol numbers', flags: ['-sO'] },
  {
    name: 'icmp-sweep',
    description: 'nmap ICMP echo sweep (-sn -PE) of the sandbox network',
    flags: ['-sn', '-PE', '--disable-arp-ping'],
    sweep: true,
  },
  {
    name: 'arp-sweep',
    description: 'nmap ARP sweep (-sn -PR) of the sandbox network',
    flags: ['-sn', '-PR'],
    sweep: true,
  },
  {
    name: 'tcp-sweep',
    description: 'nmap TCP SYN ping sweep (-sn -PS80,22,443) of the sandbox network',
    flags: ['-sn', '-PS80,22,443', '--disable-arp-ping'],
    sweep: true,
  },
];

/**
 * nmap's argv for a technique against the target host or, for a sweep, the sandbox CIDR. Pure.
 * `rate` caps the probes per second (--max-rate): a slow scan runs until --host-timeout, so it
 * spans many windows as a rate-limited scanner does.
 */
export function nmapArgs(t: Technique, target: string, durationMs: number, ports = t.ports, rate?: number): string[] {
  return [
    ...t.flags,
    '-n',
    ...(t.sweep ? [] : ['-Pn']),
    ...(ports !== undefined ? ['--top-ports', String(ports)] : []),
    '-T4',
    ...(rate !== undefined ? ['--max-rate', String(rate)] : []),
    '-e',
    'eth0',
    '--host-timeout',
    `${Math.ceil(durationMs / 1000)}s`,
    '-oG',
    '-',
    target,
  ];
}

/** A scenario running one nmap technique, with --ports (when it probes ports) and --rate options. */
function scenarioOf(t: Technique): Scenario {
  return {
    name: t.name,
    description: t.description,
    defaultTargetRole: 'web',
    tools: [['nmap', 'nmap']],
    async run(env: ScenarioEnv, o) {
      const ports = t.ports === undefined ? undefined : intOption(o['ports'], '--ports', t.ports, 1, 65535);
      const rate = rateOption(o['rate']);
      // a sweep covers the sandbox's own network and nothing else: the CIDR comes from its layout
      const target = t.sweep ? env.layout.cidr : env.dst.ip;
      const r = await env.runner.run(env.src, 'nmap', nmapArgs(t, target, env.durationMs, ports, rate), {
        timeoutMs: env.durationMs * (t.sweep ? 4 : 1) + 30_000,
      });
      const up = (r.stdout.match(/Status: Up/g) ?? []).length;
      return {
        tool: 'nmap',
        technique: t.flags.join(' '),
        target,
        ...(ports !== undefined ? { ports } : {}),
        ...(rate !== undefined ? { rate } : {}),
        ...(t.sweep ? { hostsUp: up } : {}),
      };
    },
  };
}

export const NMAP_SCENARIOS: readonly Scenario[] = TECHNIQUES.map(scenarioOf);

/** The alert kind each technique must raise (issue 21's kinds). */
export const NMAP_DETECTED_BY: Readonly<Record<string, readonly string[]>> = {
  'connect-scan': ['PORT_SCAN'],
  'udp-scan': ['UDP_SCAN'],
  'fin-scan': ['STEALTH_SCAN'],
  'xmas-scan': ['STEALTH_SCAN'],
  'null-scan': ['STEALTH_SCAN'],
  'ack-scan': ['STEALTH_SCAN'],
  'window-scan': ['STEALTH_SCAN'],
  'maimon-scan': ['STEALTH_SCAN'],
  'protocol-scan': ['PROTOCOL_SCAN'],
  'icmp-sweep': ['HOST_SWEEP'],
  'arp-sweep': ['HOST_SWEEP'],
  'tcp-sweep': ['HOST_SWEEP'],
};
