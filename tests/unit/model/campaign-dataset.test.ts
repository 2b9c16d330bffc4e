// The committed labelled dataset (tests/fixtures/model/attack-windows.jsonl) is what `ziem model
// dataset` wrote from recorded `ziem attack-sim campaign`s in the netns sandbox (README, "Attack
// classifier"): it must hold a technique for every attack-sim scenario, each with runs enough for
// the split by run to judge it, each line's class the family of its technique, and decode as the
// trainer reads it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../cli/sandbox/attacks/index.js';
import { SPOOFED_FLOODS } from '../../../cli/sandbox/attacks/spoofed-flood.js';
import { decodeLabelled } from '../../../udf-bridge/model-server/supervised/train-supervised.js';
import { splitByRun } from '../../../udf-bridge/model-server/supervised/run-split.js';
import type { LabelledWindow } from '../../../udf-bridge/model-server/supervised/labelled-windows.js';
import { familyOf } from '../../../udf-bridge/model-server/supervised/attack-families.js';

const rows = readFileSync(new URL('../../fixtures/model/attack-windows.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l, i) => {
    const r = decodeLabelled(JSON.parse(l));
    if (typeof r === 'string') throw new Error(`attack-windows.jsonl:${i + 1}: ${r}`);
    return r;
  });

const runsOf = (rs: readonly LabelledWindow[], technique: string): Set<string> =>
  new Set(rs.filter((r) => r.technique === technique).map((r) => r.run));

describe('the recorded campaign dataset', () => {
  const techniques = [...new Set(rows.map((r) => r.technique))].sort();

  it('has a technique for every attack-sim scenario (a scenario refined by its technique counts)', () => {
    const missing = Object.keys(SCENARIOS).filter((s) => !techniques.some((c) => c === s || c.startsWith(`${s}-`)));
    expect(missing).toEqual([]);
    // and nothing but them
    expect(techniques.filter((c) => !Object.keys(SCENARIOS).some((s) => c === s || c.startsWith(`${s}-`)))).toEqual([]);
  });

  it("gives every line its technique's family as its class", () => {
    for (const r of rows) expect(r.class, r.technique).toBe(familyOf(r.technique));
  });

  it('has two runs or more of every technique, so the split by run judges each', () => {
    for (const c of techniques) expect(runsOf(rows, c).size, c).toBeGreaterThanOrEqual(2);
    expect(splitByRun(rows, 42).unjudged).toEqual([]);
  });

  it('has normal windows of every sandbox host, attackers and victims included', () => {
    const normalHosts = new Set(rows.filter((r) => r.class === 'normal').map((r) => r.src));
    const internal = new Set(rows.filter((r) => !SPOOFED_FLOODS.includes(r.technique)).map((r) => r.src));
    expect([...internal].filter((h) => !normalHosts.has(h))).toEqual([]);
    expect(normalHosts.size).toBeGreaterThanOrEqual(4);
  });

  it('has one feature width and the windows in time order', () => {
    expect(new Set(rows.map((r) => r.features.length))).toEqual(new Set([11]));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.windowStart).toBeGreaterThanOrEqual(rows[i - 1]!.windowStart);
  });
});
