// The attack families (the classifier's classes) against the detection rules: every attack-sim
// technique has a family, and that family is the alert kind (in lower-case kebab) the rules raise
// for it (DETECTED_BY, which `attack-sim --expect-detection` waits for).
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../cli/sandbox/attacks/index.js';
import { DETECTED_BY } from '../../../cli/sandbox/attacks/expect-detection-match.js';
import {
  FAMILY_OF,
  familyOf,
  familyOfKind,
  NORMAL_FAMILY,
} from '../../../udf-bridge/model-server/supervised/attack-families.js';
import { techniqueOf } from '../../../udf-bridge/model-server/supervised/labelled-windows.js';

/** The technique a scenario's run is labelled with: the scenario, refined as the portscan reports "syn". */
async function techniqueOfScenario(name: string): Promise<string> {
  if (name !== 'portscan') return techniqueOf({ scenario: name, src: 'h', startedAt: 0, endedAt: 1, params: {} });
  // run the SYN scan against a recording runner to get the params it really reports
  const { planLayout } = await import('../../../cli/sandbox/layout.js');
  const layout = planLayout({ cidr: '10.78.0.0/24', prefix: 'zt-', bridge: 'zt-br', roles: ['web', 'attacker'] });
  const runner = {
    kind: 'test',
    argv: (_h: unknown, c: string, a: readonly string[]): [string, string[]] => [c, [...a]],
    run: () => Promise.resolve({ code: 0, stdout: '', stderr: '' }),
  };
  const [web, attacker] = layout.hosts;
  const env = {
    layout,
    src: attacker!,
    dst: web!,
    dir: '/tmp',
    durationMs: 5_000,
    log: console,
    now: Date.now,
    runner,
  };
  const params = await SCENARIOS[name]!.run(env, {});
  return techniqueOf({ scenario: name, src: attacker!.ip, startedAt: 0, endedAt: 1, params });
}

describe('attack families', () => {
  it("puts every scenario's technique in the family of the alert kind that detects it", async () => {
    for (const [scenario, kinds] of Object.entries(DETECTED_BY)) {
      const technique = await techniqueOfScenario(scenario);
      expect(kinds.map(familyOfKind), `${scenario} (${technique})`).toContain(familyOf(technique));
    }
  });

  it('has a line for every technique and nothing else; normal traffic is its own family', async () => {
    const techniques = await Promise.all(Object.keys(SCENARIOS).map(techniqueOfScenario));
    expect(Object.keys(FAMILY_OF).sort()).toEqual([...techniques].sort());
    expect(familyOf('normal')).toBe(NORMAL_FAMILY);
  });

  it('groups the techniques the issue names into their families', () => {
    const members = (f: string): string[] =>
      Object.entries(FAMILY_OF)
        .filter(([, x]) => x === f)
        .map(([t]) => t)
        .sort();
    expect(members('stealth-scan')).toEqual([
      'ack-scan',
      'fin-scan',
      'maimon-scan',
      'null-scan',
      'window-scan',
      'xmas-scan',
    ]);
    expect(members('port-scan')).toEqual(['connect-scan', 'portscan-syn']);
    expect(members('host-sweep')).toEqual(['arp-sweep', 'icmp-sweep', 'tcp-sweep']);
    expect(members('syn-flood')).toEqual(['spoofed-synflood', 'synflood']);
    expect(members('ssh-brute-force')).toEqual(['bruteforce', 'slow-bruteforce']);
    expect(new Set(Object.values(FAMILY_OF)).size).toBe(12);
  });

  it('names the table to extend for a technique it does not know', () => {
    expect(() => familyOf('teleport-scan')).toThrow(/"teleport-scan" has no attack family/);
    expect(familyOfKind('SSH_BRUTE_FORCE')).toBe('ssh-brute-force');
  });
});
