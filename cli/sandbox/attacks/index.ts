// The table of attack-sim scenarios by name.
import { bruteforce, slowBruteforce } from './bruteforce.js';
import { ftpBruteforce } from './ftp-bruteforce.js';
import { NMAP_SCENARIOS } from './nmap-scans.js';
import { normal } from './normal.js';
import { portscan } from './portscan.js';
import type { Scenario } from './scenario.js';
import { ackFlood, icmpFlood, spoofedFlood, udpFlood } from './spoofed-flood.js';
import { synflood } from './synflood.js';

export const SCENARIOS: Readonly<Record<string, Scenario>> = Object.fromEntries(
  [
    normal,
    portscan,
    ...NMAP_SCENARIOS,
    synflood,
    spoofedFlood,
    udpFlood,
    ackFlood,
    icmpFlood,
    bruteforce,
    slowBruteforce,
    ftpBruteforce,
  ].map((s) => [s.name, s]),
);
