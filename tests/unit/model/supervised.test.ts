// The supervised model's pure parts: joining windows to runs (technique and family), the split by
// run, per-class metrics, the operating point, per-technique recall, class weights and TF
// Serving's classify body.
import { describe, expect, it } from 'vitest';
import {
  labelWindows,
  techniqueOf,
  NORMAL_BLOCK_MS,
  type HostWindow,
  type RunLabel,
} from '../../../udf-bridge/model-server/supervised/labelled-windows.js';
import { splitByRun } from '../../../udf-bridge/model-server/supervised/run-split.js';
import { argmax, classReport } from '../../../udf-bridge/model-server/supervised/class-metrics.js';
import {
  DEFAULT_MIN_PROBABILITY,
  parseMinProbability,
  predictAt,
} from '../../../udf-bridge/model-server/supervised/operating-point.js';
import { techniqueRecall } from '../../../udf-bridge/model-server/supervised/technique-recall.js';
import { classWeights } from '../../../udf-bridge/model-server/supervised/classifier-net.js';
import { parseClassifyBody, rankedClasses } from '../../../udf-bridge/model-server/supervised/classify-request.js';

const w = (src: string, start: number, f = [1]): HostWindow => ({
  src,
  windowStart: start,
  windowEnd: start + 10_000,
  features: f,
});
const run = (scenario: string, src: string, startedAt: number, endedAt: number, technique?: string): RunLabel => ({
  scenario,
  src,
  startedAt,
  endedAt,
  params: technique ? { technique } : {},
});

describe('labelWindows', () => {
  it("gives a window its host's overlapping run, and normal otherwise", () => {
    const out = labelWindows(
      [w('10.0.0.5', 0), w('10.0.0.5', 10_000), w('10.0.0.5', 20_000), w('10.0.0.3', 10_000)],
      [run('portscan', '10.0.0.5', 12_000, 15_000, 'syn')],
    );
    expect(out.map((r) => [r.src, r.windowStart, r.technique, r.class])).toEqual([
      ['10.0.0.5', 0, 'normal', 'normal'],
      ['10.0.0.3', 10_000, 'normal', 'normal'],
      ['10.0.0.5', 10_000, 'portscan-syn', 'port-scan'],
      ['10.0.0.5', 20_000, 'normal', 'normal'],
    ]);
  });

  it('keeps the last update of a window and picks the run covering more of it', () => {
    const out = labelWindows(
      [w('h', 0, [1]), w('h', 0, [2])],
      [run('portscan', 'h', 0, 2_000), run('synflood', 'h', 2_000, 10_000)],
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ features: [2], technique: 'synflood', class: 'syn-flood' });
  });

  it('gives a window an attack that overlaps it over a normal run covering more of it (a scan is a burst)', () => {
    const out = labelWindows(
      [w('h', 0), w('h', 10_000), w('h', 20_000)],
      [
        run('normal', 'h', 1_000, 9_700),
        // a 1,000-port scan of a near host: 300 ms
        run('window-scan', 'h', 9_700, 10_000, '-sW'),
        run('normal', 'h', 10_000, 29_000),
        // the next attack starts a second before the window ends
        run('portscan', 'h', 29_000, 45_000, 'syn'),
      ],
    );
    expect(out.map((r) => r.technique)).toEqual(['window-scan', 'normal', 'portscan-syn']);
    // between two normal runs, or two attacks, the one covering more of the window
    const normals = labelWindows([w('h', 0)], [run('normal', 'h', 0, 3_000), run('normal', 'h', 3_000, 10_000)]);
    expect(normals[0]!.run).toBe('normal@h@3000');
  });

  it('groups unlabelled windows into per-host blocks as their run', () => {
    const out = labelWindows([w('h', 0), w('h', NORMAL_BLOCK_MS - 10_000), w('h', NORMAL_BLOCK_MS)], []);
    expect(new Set(out.map((r) => r.run)).size).toBe(2);
  });

  it('names a technique by scenario and reported technique; a normal run is normal', () => {
    expect(techniqueOf(run('portscan', 'h', 0, 1, 'connect'))).toBe('portscan-connect');
    expect(techniqueOf(run('synflood', 'h', 0, 1))).toBe('synflood');
    expect(techniqueOf(run('normal', 'h', 0, 1, 'web'))).toBe('normal');
    // an nmap scenario reports its flags, not a word: the scenario is the technique
    expect(techniqueOf(run('fin-scan', 'h', 0, 1, '-sF'))).toBe('fin-scan');
    expect(techniqueOf(run('udp-scan', 'h', 0, 1, '-sU --max-retries 1'))).toBe('udp-scan');
  });

  it('refuses a run whose technique has no family, naming it and the table', () => {
    expect(() => labelWindows([w('h', 0)], [run('teleport', 'h', 0, 5_000)])).toThrow(
      /technique "teleport" has no attack family \(udf-bridge\/model-server\/supervised\/attack-families.ts\)/,
    );
  });

  it("joins a spoofed run to the windows of sources outside the sandbox, not to its host's", () => {
    const outside = (src: string, start: number): HostWindow => ({ ...w(src, start), internal: false });
    const inside = (src: string, start: number): HostWindow => ({ ...w(src, start), internal: true });
    const flood: RunLabel = { ...run('spoofed-synflood', '10.0.0.7', 0, 10_000), params: { spoofed: true } };
    const out = labelWindows(
      [outside('203.0.113.9', 0), outside('198.51.100.4', 0), inside('10.0.0.7', 0), outside('192.0.2.1', 20_000)],
      [flood],
    );
    expect(out.map((r) => [r.src, r.technique, r.class])).toEqual([
      ['10.0.0.7', 'normal', 'normal'],
      ['198.51.100.4', 'spoofed-synflood', 'syn-flood'],
      ['203.0.113.9', 'spoofed-synflood', 'syn-flood'],
      ['192.0.2.1', 'normal', 'normal'],
    ]);
    // the forged sources' windows are one run: a split by run keeps them together
    expect(new Set(out.filter((r) => r.class !== 'normal').map((r) => r.run)).size).toBe(1);
  });
});

describe('splitByRun', () => {
  const rows = ['a', 'b', 'c', 'd', 'e'].flatMap((r) =>
    Array.from({ length: 3 }, () => ({ class: r === 'e' ? 'solo' : 'scan', run: r })),
  );
  it('never splits a run, holds out a fifth of each class with two runs or more, seeded', () => {
    const s = splitByRun(rows, 1);
    expect([...s.heldOutRuns]).toHaveLength(1);
    expect(s.unjudged).toEqual(['solo']);
    for (const r of s.heldOutRuns) expect(s.trainRuns.has(r)).toBe(false);
    expect(splitByRun(rows, 1)).toEqual(s);
  });

  it('stratifies by technique: every technique with two runs or more is held out, whatever its family', () => {
    // one family, a common technique (8 runs) and two rare ones (2 runs each)
    const t = (technique: string, n: number): Array<{ class: string; technique: string; run: string }> =>
      Array.from({ length: n }, (_, i) => ({ class: 'stealth-scan', technique, run: `${technique}@${i}` }));
    const fam = [...t('ack-scan', 8), ...t('fin-scan', 2), ...t('xmas-scan', 2), ...t('null-scan', 1)];
    for (const seed of [1, 7, 42, 1234]) {
      const s = splitByRun(fam, seed);
      const heldTechniques = new Set(fam.filter((r) => s.heldOutRuns.has(r.run)).map((r) => r.technique));
      expect([...heldTechniques].sort()).toEqual(['ack-scan', 'fin-scan', 'xmas-scan']);
      expect(s.unjudged).toEqual(['null-scan']);
    }
  });
});

describe('classReport', () => {
  it('computes precision, recall, F1, macro F1 and how often normal is called an attack', () => {
    const r = classReport(['normal', 'scan'], [0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0]);
    expect(r.confusion).toEqual([
      [3, 1],
      [1, 1],
    ]);
    expect(r.perClass[1]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.perClass[0]!.f1).toBeCloseTo(0.75, 6);
    expect(r.macroF1).toBeCloseTo(0.625, 6);
    expect(r.normalAsAttackRate).toBe(0.25);
  });
  it('argmax picks the most probable class', () => expect(argmax([0.1, 0.7, 0.2])).toBe(1));
});

describe('the operating point', () => {
  it('calls a window an attack only when its top attack class reaches the minimum probability', () => {
    expect(predictAt([0.05, 0.93, 0.02], 0, 0.9)).toBe(1);
    // most probable is an attack, but below the bar: normal, as the pipeline raises no alert
    expect(predictAt([0.2, 0.7, 0.1], 0, 0.9)).toBe(0);
    expect(predictAt([0.2, 0.7, 0.1], 0, 0.5)).toBe(1);
    expect(predictAt([0.96, 0.03, 0.01], 0, 0.9)).toBe(0);
    // normal need not be first
    expect(predictAt([0.01, 0.04, 0.95], 2, 0.9)).toBe(2);
    expect(predictAt([0.91, 0.04, 0.05], 2, 0.9)).toBe(0);
  });

  it('reads --min-probability, 0.9 by default, and refuses what is not a probability', () => {
    expect(parseMinProbability(undefined)).toBe(DEFAULT_MIN_PROBABILITY);
    expect(DEFAULT_MIN_PROBABILITY).toBe(0.9);
    expect(parseMinProbability('0.75')).toBe(0.75);
    expect(() => parseMinProbability('1.5')).toThrow(/--min-probability 1.5: expected a probability between 0 and 1/);
    expect(() => parseMinProbability('high')).toThrow(/--min-probability high/);
    expect(() => parseMinProbability('')).toThrow(/--min-probability/);
  });

  it('reports each technique: its recall at argmax and at the operating point, and what its misses were', () => {
    const classes = ['normal', 'stealth-scan', 'host-sweep'];
    const rows = [
      { technique: 'ack-scan', class: 'stealth-scan' },
      { technique: 'ack-scan', class: 'stealth-scan' },
      { technique: 'arp-sweep', class: 'host-sweep' },
      { technique: 'arp-sweep', class: 'host-sweep' },
    ];
    const r = techniqueRecall(rows, classes, [1, 1, 2, 0], [1, 0, 0, 0]);
    expect(r).toEqual([
      {
        technique: 'arp-sweep',
        class: 'host-sweep',
        windows: 2,
        recall: 0.5,
        recallAtMinProbability: 0,
        missedAs: { normal: 2 },
      },
      {
        technique: 'ack-scan',
        class: 'stealth-scan',
        windows: 2,
        recall: 1,
        recallAtMinProbability: 0.5,
        missedAs: { normal: 1 },
      },
    ]);
  });
});

describe('classWeights', () => {
  it('weighs a rare class up by the square root of its rarity, the mean weight per window 1', () => {
    const targets = [0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    const wts = classWeights(targets, 4);
    // class 1 is 4 times rarer than class 0: twice its weight
    expect(wts[1]! / wts[0]!).toBeCloseTo(2, 6);
    expect(wts[3]).toBe(0);
    expect(targets.reduce((s, t) => s + wts[t]!, 0) / targets.length).toBeCloseTo(1, 9);
    // power 1: every class counts the same in total; power 0: every window alike
    const full = classWeights(targets, 4, 1);
    expect(full[0]! * 4).toBeCloseTo(full[1]! * 1, 6);
    expect(classWeights(targets, 4, 0).slice(0, 3)).toEqual([1, 1, 1]);
  });
});

describe('parseClassifyBody', () => {
  const names = ['packets', 'ports'];
  it('reads named features, one-element lists, a context and a "features" list', () => {
    expect(
      parseClassifyBody(
        JSON.stringify({ context: { ports: 3 }, examples: [{ packets: [10] }, { packets: 2 }] }),
        names,
        10,
      ),
    ).toEqual({
      ok: true,
      rows: [
        [10, 3],
        [2, 3],
      ],
    });
    expect(parseClassifyBody(JSON.stringify({ examples: [{ features: [1, 2] }] }), names, 10)).toEqual({
      ok: true,
      rows: [[1, 2]],
    });
  });
  it('names the example and feature at fault', () => {
    const bad = (body: unknown): string => {
      const r = parseClassifyBody(JSON.stringify(body), names, 1);
      return r.ok ? '' : r.error;
    };
    expect(bad({ examples: [{ packets: 1 }] })).toContain('examples[0]: feature "ports" is missing');
    expect(bad({ examples: [{ packets: 'x', ports: 1 }] })).toContain('feature "packets" is "x"');
    expect(bad({ examples: [{ packets: 1, ports: 1 }, {}] })).toContain('exceed the batch limit of 1');
    expect(bad({ context: { ports: 1 }, examples: [{ packets: 1, ports: 2 }] })).toContain('also in "context"');
    expect(bad({ instances: [[1, 2]] })).toContain('"examples"');
  });
  it('ranks classes most probable first', () => {
    expect(rankedClasses(['a', 'b', 'c'], [0.2, 0.5, 0.3])).toEqual([
      ['b', 0.5],
      ['c', 0.3],
      ['a', 0.2],
    ]);
  });
});
