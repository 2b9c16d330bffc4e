// The table of attack-sim scenarios by name.
import { bruteforce } from './bruteforce.js';
import { normal } from './normal.js';
import { portscan } from './portscan.js';
import type { Scenario } from './scenario.js';
import { synflood } from './synflood.js';

export const SCENARIOS: Readonly<Record<string, Scenario>> = { normal, portscan, synflood, bruteforce };
