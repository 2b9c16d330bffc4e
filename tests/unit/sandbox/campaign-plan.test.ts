// The campaign plan: fills the time, alternates normal runs and attacks, varies durations and
// intensity, repeats for a seed, and refuses what cannot be a campaign.
import { describe, expect, it } from 'vitest';
import {
  FLOOD_MAX_PACKETS,
  planCampaign,
  SCAN_RATE_RANGE,
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

  it('rate-limits most scans over a wide range, some unlimited, each rate one a scenario accepts', () => {
    const scans = ['portscan', 'fin-scan', 'ack-scan', 'udp-scan', 'arp-sweep', 'protocol-scan'];
    const plan = planCampaign({ durationMs: 60 * 60_000, seed: 5, attacks: scans });
    const rates = plan.filter((r) => r.scenario !== 'normal').map((r) => r.options['rate']);
    expect(rates.every((x) => x !== undefined)).toBe(true);
    const limited = rates.filter((x) => x !== 'unlimited').map(Number);
    expect(rates.length - limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(rates.length / 2);
    for (const x of limited) {
      expect(x).toBeGreaterThanOrEqual(SCAN_RATE_RANGE.min);
      expect(x).toBeLessThanOrEqual(SCAN_RATE_RANGE.max);
    }
    // slow (tens/s) and fast (a thousand or more/s) scans both occur
    expect(limited.some((x) => x < 50)).toBe(true);
    expect(limited.some((x) => x > 500)).toBe(true);
    for (const x of rates) expect(() => rateOption(x)).not.toThrow();
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
