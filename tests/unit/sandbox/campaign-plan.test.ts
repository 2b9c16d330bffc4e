// The campaign plan: fills the time, alternates normal runs and attacks, varies durations and
// intensity, repeats for a seed, and refuses what cannot be a campaign.
import { describe, expect, it } from 'vitest';
import {
  FLOOD_MAX_PACKETS,
  planCampaign,
  SCAN_PACE_RANGE,
  SPOOFED_MAX_PACKETS,
} from '../../../cli/sandbox/attacks/campaign-plan.js';
import { rateOption } from '../../../cli/sandbox/attacks/scenario.js';

const ATTACKS = ['portscan', 'synflood', 'bruteforce'];

describe('planCampaign', () => {
  it('fills the duration with normal runs between randomly drawn attacks of varied length', () => {
    const plan = planCampaign({ durationMs: 30 * 60_000, seed: 3, attacks: ATTACKS });
    const total = plan.reduce((s, r) => s + r.durationMs, 0);
    expect(total).toBeLessThanOrEqual(30 * 60_000);
    expect(total).toBeGreaterThan(30 * 60_000 - 10_000);
    plan.forEach((r, i) => expect(r.scenario === 'normal').toBe(i % 2 === 0));
    const attacks = plan.filter((r) => r.scenario !== 'normal');
    expect(new Set(attacks.map((r) => r.scenario))).toEqual(new Set(ATTACKS));
    expect(new Set(attacks.map((r) => r.durationMs)).size).toBeGreaterThan(attacks.length / 2);
    const rates = new Set(attacks.filter((r) => r.scenario === 'synflood').map((r) => r.options['rate']));
    expect(rates.size).toBeGreaterThan(1);
    for (const r of plan) expect(r.durationMs).toBeGreaterThanOrEqual(10_000);
  });

  it('draws attacks in rounds, so every technique runs about as often, and normal traffic from each host', () => {
    const all = ['portscan', 'fin-scan', 'maimon-scan', 'icmp-sweep', 'spoofed-synflood', 'ftp-bruteforce', 'synflood'];
    const hosts = ['web1', 'db', 'workstation', 'attacker'];
    const plan = planCampaign({ durationMs: 20 * 60_000, seed: 9, attacks: all, normalFrom: hosts });
    const count = (s: string): number => plan.filter((r) => r.scenario === s).length;
    const counts = all.map(count);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const normals = plan.filter((r) => r.scenario === 'normal');
    expect(normals.slice(0, 4).map((r) => r.options['from'])).toEqual(hosts);
    expect(new Set(normals.map((r) => r.options['from']))).toEqual(new Set(hosts));
    // the scans vary in size, the spoofed flood stays gentle
    expect(new Set(plan.filter((r) => r.scenario === 'fin-scan').map((r) => r.options['ports'])).size).toBeGreaterThan(
      1,
    );
    for (const r of plan.filter((x) => x.scenario === 'spoofed-synflood'))
      expect(Number(r.options['rate'])).toBeLessThanOrEqual(200);
  });

  it('paces most scans to last most of their planned time, over a wide range of rates, some unlimited', () => {
    const scans = ['portscan', 'fin-scan', 'ack-scan', 'udp-scan', 'arp-sweep', 'protocol-scan', 'tcp-sweep'];
    const plan = planCampaign({ durationMs: 60 * 60_000, seed: 5, attacks: scans });
    const runs = plan.filter((r) => r.scenario !== 'normal');
    expect(runs.every((r) => r.options['rate'] !== undefined)).toBe(true);
    const limited = runs.filter((r) => r.options['rate'] !== 'unlimited');
    expect(runs.length - limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(runs.length * 0.7);
    for (const r of limited) {
      const rate = Number(r.options['rate']);
      const probes =
        r.options['ports'] !== undefined ? Number(r.options['ports']) : r.scenario === 'tcp-sweep' ? 768 : 256;
      const seconds = probes / rate;
      // the scan takes between a quarter of its planned time and all of it (nmap's host timeout cuts the rest)
      expect(seconds, `${r.scenario} ${rate}/s`).toBeGreaterThanOrEqual(
        (r.durationMs / 1000 / SCAN_PACE_RANGE.max) * 0.9,
      );
      expect(seconds, `${r.scenario} ${rate}/s`).toBeLessThanOrEqual((r.durationMs / 1000 / SCAN_PACE_RANGE.min) * 1.1);
    }
    // slow (a few probes/s) and fast (hundreds/s) scans both occur
    const rates = limited.map((r) => Number(r.options['rate']));
    expect(Math.min(...rates)).toBeLessThan(20);
    expect(Math.max(...rates)).toBeGreaterThan(150);
    for (const r of runs) expect(() => rateOption(r.options['rate'])).not.toThrow();
  });

  it('caps every flood in packets, spoofed floods (a window per forged source) lower', () => {
    const floods = ['synflood', 'icmp-flood', 'spoofed-synflood', 'udp-flood', 'ack-flood'];
    const plan = planCampaign({ durationMs: 60 * 60_000, seed: 8, attacks: floods, maxRunMs: 60_000 });
    for (const r of plan.filter((x) => x.scenario !== 'normal')) {
      const count = Number(r.options['count']);
      const rate = Number(r.options['rate']);
      const cap = r.scenario === 'synflood' || r.scenario === 'icmp-flood' ? FLOOD_MAX_PACKETS : SPOOFED_MAX_PACKETS;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(cap);
      expect(count).toBeLessThanOrEqual(Math.round((rate * r.durationMs) / 1000));
      expect(rate).toBeLessThanOrEqual(1000);
    }
  });

  it('is the same plan for the same seed, another for another', () => {
    const a = planCampaign({ durationMs: 600_000, seed: 1, attacks: ATTACKS });
    expect(planCampaign({ durationMs: 600_000, seed: 1, attacks: ATTACKS })).toEqual(a);
    expect(planCampaign({ durationMs: 600_000, seed: 2, attacks: ATTACKS })).not.toEqual(a);
  });

  it('refuses a campaign too short for one normal run and one attack, or without attacks', () => {
    expect(() => planCampaign({ durationMs: 15_000, seed: 1, attacks: ATTACKS })).toThrow(/at least 20s/);
    expect(() => planCampaign({ durationMs: 600_000, seed: 1, attacks: [] })).toThrow(/at least one attack/);
  });
});
