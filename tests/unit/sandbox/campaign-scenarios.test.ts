// The campaign's scenario choice: --scenarios keeps only the named attacks, --exclude-scenarios drops
// some, normal always stays (it alternates with the attacks), and bad names are refused naming the
// flag and the valid scenarios.
import { describe, expect, it } from 'vitest';
import { chooseScenarios } from '../../../cli/sandbox/attacks/campaign-scenarios.js';
import { SCENARIOS } from '../../../cli/sandbox/attacks/index.js';
import { planCampaign } from '../../../cli/sandbox/attacks/campaign-plan.js';
import { UsageError } from '../../../core/errors/ziem-error.js';

const ALL = Object.keys(SCENARIOS);
const FLOODS = ['synflood', 'spoofed-synflood', 'udp-flood', 'ack-flood', 'icmp-flood'];

describe('chooseScenarios', () => {
  it('draws from every attack scenario by default, never normal', () => {
    const attacks = chooseScenarios(ALL, {});
    expect(attacks).toEqual(ALL.filter((s) => s !== 'normal'));
    expect(attacks).toContain('udp-scan');
  });

  it('--scenarios keeps only the named ones, in the scenario table order, without duplicates', () => {
    expect(chooseScenarios(ALL, { scenarios: 'udp-scan, portscan,udp-scan' })).toEqual(['portscan', 'udp-scan']);
    // naming normal is harmless: normal runs alternate with attacks anyway
    expect(chooseScenarios(ALL, { scenarios: 'normal,icmp-sweep' })).toEqual(['icmp-sweep']);
  });

  it('--exclude-scenarios drops the named ones, alone or after --scenarios', () => {
    const noFloods = chooseScenarios(ALL, { excludeScenarios: FLOODS.join(',') });
    for (const f of FLOODS) expect(noFloods).not.toContain(f);
    expect(noFloods).toContain('bruteforce');
    expect(noFloods.length).toBe(ALL.length - 1 - FLOODS.length);
    expect(chooseScenarios(ALL, { scenarios: 'portscan,synflood', excludeScenarios: 'synflood' })).toEqual([
      'portscan',
    ]);
  });

  it('refuses unknown names naming the flag and listing the valid scenarios', () => {
    expect(() => chooseScenarios(ALL, { scenarios: 'portscan,portscna' })).toThrow(UsageError);
    expect(() => chooseScenarios(ALL, { scenarios: 'portscan,portscna' })).toThrow(
      /^--scenarios: unknown scenario portscna; valid: .*udp-scan/,
    );
    expect(() => chooseScenarios(ALL, { excludeScenarios: 'flood' })).toThrow(
      /^--exclude-scenarios: unknown scenario flood; valid: .*synflood/,
    );
    expect(() => chooseScenarios(ALL, { scenarios: 'portscan,,udp-scan' })).toThrow(
      /--scenarios .*empty scenario name/,
    );
  });

  it('refuses excluding normal and a choice that leaves no attack', () => {
    expect(() => chooseScenarios(ALL, { excludeScenarios: 'normal' })).toThrow(/normal cannot be excluded/);
    expect(() => chooseScenarios(ALL, { scenarios: 'normal' })).toThrow(/no attack scenario/);
    expect(() => chooseScenarios(ALL, { scenarios: 'portscan', excludeScenarios: 'portscan' })).toThrow(UsageError);
  });

  it('a plan of the chosen scenarios runs only those, still alternating with normal runs', () => {
    const attacks = chooseScenarios(ALL, { excludeScenarios: FLOODS.join(',') });
    const plan = planCampaign({ durationMs: 40 * 60_000, seed: 1209, attacks });
    plan.forEach((r, i) => expect(r.scenario === 'normal').toBe(i % 2 === 0));
    const ran = new Set(plan.filter((r) => r.scenario !== 'normal').map((r) => r.scenario));
    expect(ran).toEqual(new Set(attacks));
  });
});
