// The committed labelled dataset (tests/fixtures/model/attack-windows.jsonl) is what `ziem model
// dataset` wrote from a recorded `ziem attack-sim campaign` in the netns sandbox (README, "Attack
// classifier"): it must hold a class for every attack-sim scenario, each with runs enough for the
// split by run to judge it, and decode as the trainer reads it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../cli/sandbox/attacks/index.js';
import { decodeLabelled } from '../../../udf-bridge/model-server/supervised/train-supervised.js';
import { splitByRun } from '../../../udf-bridge/model-server/supervised/run-split.js';
import type { LabelledWindow } from '../../../udf-bridge/model-server/supervised/labelled-windows.js';

const rows = readFileSync(new URL('../../fixtures/model/attack-windows.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l, i) => {
    const r = decodeLabelled(JSON.parse(l));
    if (typeof r === 'string') throw new Error(`attack-windows.jsonl:${i + 1}: ${r}`);
    return r;
  });

const runsOf = (rs: readonly LabelledWindow[], cls: string): Set<string> =>
  new Set(rs.filter((r) => r.class === cls).map((r) => r.run));

describe('the recorded campaign dataset', () => {
  const classes = [...new Set(rows.map((r) => r.class))].sort();

  it('has a class for every attack-sim scenario (a scenario refined by its technique counts)', () => {
    const missing = Object.keys(SCENARIOS).filter((s) => !classes.some((c) => c === s || c.startsWith(`${s}-`)));
    // the floods of V000017 came after the campaign was recorded: the next recording has them
    expect(missing).toEqual(['udp-flood', 'ack-flood', 'icmp-flood']);
    // and nothing but them
    expect(classes.filter((c) => !Object.keys(SCENARIOS).some((s) => c === s || c.startsWith(`${s}-`)))).toEqual([]);
  });

  it('has two runs or more of every class, so the split by run judges each', () => {
    for (const c of classes) expect(runsOf(rows, c).size, c).toBeGreaterThanOrEqual(2);
    expect(splitByRun(rows, 42).unjudged).toEqual([]);
  });

  it('has normal windows of every sandbox host, attackers and victims included', () => {
    const normalHosts = new Set(rows.filter((r) => r.class === 'normal').map((r) => r.src));
    const internal = new Set(rows.filter((r) => r.class !== 'spoofed-synflood').map((r) => r.src));
    expect([...internal].filter((h) => !normalHosts.has(h))).toEqual([]);
    expect(normalHosts.size).toBeGreaterThanOrEqual(6);
  });

  it('has one feature width and the windows in time order', () => {
    expect(new Set(rows.map((r) => r.features.length))).toEqual(new Set([11]));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.windowStart).toBeGreaterThanOrEqual(rows[i - 1]!.windowStart);
  });
});
