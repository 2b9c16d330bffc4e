// `ziem analyze --model --classifier` as a user runs them, on the built binary: both models trained
// by `ziem model train` from the simulator's labelled windows (tests/fixtures/model/attack-windows.jsonl,
// a recorded campaign), then a recorded SYN scan and benign browsing analysed. Every ANOMALY alert
// carries the classifier's class, every CLASSIFIED_ATTACK an attack class above the threshold; the
// held-out evaluation of the recorded campaign is consistent with itself; without a classifier the
// class is null and the processing log says why. The classes each capture gets are measured in the
// README's table, not asserted here: they are what the recorded campaign taught.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = resolve('dist/cli/bin.js');
const captures = resolve('tests/fixtures/captures');
const windows = resolve('tests/fixtures/model/attack-windows.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'ziem-analyze-classes-'));
const anomaly = join(tmp, 'anomaly');
const classifier = join(tmp, 'attack-class');
const ziem = (args: string[]) =>
  execa('node', [bin, ...args], {
    reject: false,
    env: { PATH: process.env['PATH'] ?? '' },
    extendEnv: false,
    cwd: resolve('.'),
  });

interface Line {
  kind?: string;
  src?: string;
  attackClass?: string | null;
  classProbability?: number | null;
  reason?: string | null;
  capture?: string;
  summary?: { capture: string; processingLog: number; processingLogExample?: string };
}

const lines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

beforeAll(async () => {
  // the autoencoder learns the normal windows, the classifier all of them
  const normal = readFileSync(windows, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { features: number[]; class: string })
    .filter((w) => w.class === 'normal')
    .map((w) => JSON.stringify({ features: w.features }));
  writeFileSync(join(tmp, 'normal.jsonl'), `${normal.join('\n')}\n`);
  const a = await ziem(['model', 'train', '--input', join(tmp, 'normal.jsonl'), '--out', anomaly]);
  expect(a.exitCode, a.stderr).toBe(0);
  const c = await ziem(['model', 'train', '--supervised', '--input', windows, '--out', classifier]);
  expect(c.exitCode, c.stderr).toBe(0);
}, 300_000);

describe('ziem analyze with the classifier', () => {
  it('gives every ANOMALY alert a class and every CLASSIFIED_ATTACK an attack class above the threshold', async () => {
    const r = await ziem([
      '--json',
      'analyze',
      join(captures, 'syn-scan.pcap.gz'),
      join(captures, 'benign-browsing.pcap.gz'),
      '--model',
      anomaly,
      '--classifier',
      classifier,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = lines(r.stdout);
    const classes = (JSON.parse(readFileSync(join(classifier, 'metadata.json'), 'utf8')) as { classes: string[] })
      .classes;
    const scan = out.filter((l) => l.capture?.endsWith('syn-scan.pcap.gz') && l.kind !== undefined);
    // the classifier's verdict on the scanner's window (README, "The class in the pipeline")
    expect(scan.some((l) => l.src === '10.77.0.7' && (l.kind === 'CLASSIFIED_ATTACK' || l.kind === 'ANOMALY'))).toBe(
      true,
    );
    for (const a of out.filter((l) => l.kind === 'CLASSIFIED_ATTACK')) {
      expect(classes).toContain(a.attackClass);
      expect(a.attackClass).not.toBe('normal');
      expect(a.classProbability).toBeGreaterThanOrEqual(0.9);
      expect(a.reason).toContain(`classified as ${a.attackClass}`);
    }
    for (const a of out.filter((l) => l.kind === 'ANOMALY')) {
      expect(classes).toContain(a.attackClass);
      expect(a.reason).toContain(`classified as ${a.attackClass}`);
    }
    // the rules still name the scan; benign browsing raises no rule alert
    expect(scan.some((l) => l.kind === 'PORT_SCAN')).toBe(true);
    const benign = out.filter((l) => l.capture?.endsWith('benign-browsing.pcap.gz') && l.kind !== undefined);
    expect(benign.filter((l) => l.kind !== 'ANOMALY' && l.kind !== 'CLASSIFIED_ATTACK')).toEqual([]);
    for (const s of out.filter((l) => l.summary)) expect(s.summary?.processingLog).toBe(0);
  }, 300_000);

  it('without a classifier the class is null, no CLASSIFIED_ATTACK is raised, and the processing log says why', async () => {
    const r = await ziem(['--json', 'analyze', join(captures, 'syn-scan.pcap.gz'), '--model', anomaly]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.some((l) => l.kind === 'CLASSIFIED_ATTACK')).toBe(false);
    for (const a of out.filter((l) => l.kind === 'ANOMALY')) expect(a.attackClass).toBeNull();
    const summary = out.find((l) => l.summary)?.summary;
    expect(summary?.processingLog).toBeGreaterThan(0);
    expect(summary?.processingLogExample).toContain('no classifier');
  }, 300_000);

  it('evaluates the held-out runs of the recorded campaign: every family and technique judged, report and confusion agree', async () => {
    const r = await ziem(['--json', 'model', 'evaluate', '--model', classifier, '--input', windows, '--held-out']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as {
      classes: string[];
      samples: number;
      perClass: Array<{ class: string; support: number; recall: number; f1: number }>;
      macroF1: number;
      confusion: number[][];
      normalAsAttackRate: number;
      minProbability: number;
      atMinProbability: { samples: number; macroF1: number; confusion: number[][]; normalAsAttackRate: number };
      techniques: Array<{ technique: string; class: string; windows: number; recall: number }>;
    };
    const meta = JSON.parse(readFileSync(join(classifier, 'metadata.json'), 'utf8')) as {
      classes: string[];
      training: { heldOutRuns: string[] };
    };
    const dataset = readFileSync(windows, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { class: string; technique: string; run: string });
    const held = new Set(meta.training.heldOutRuns);
    // the held-out windows are exactly those of the held-out runs, of every class in the dataset
    expect(e.samples).toBe(dataset.filter((w) => held.has(w.run)).length);
    expect(e.classes).toEqual(meta.classes);
    expect(new Set(dataset.filter((w) => held.has(w.run)).map((w) => w.class))).toEqual(new Set(meta.classes));
    // the split is stratified by technique: every technique of the dataset is held out
    expect(new Set(e.techniques.map((t) => t.technique))).toEqual(new Set(dataset.map((w) => w.technique)));
    expect(e.techniques.reduce((a, t) => a + t.windows, 0)).toBe(e.samples);
    // the operating point judges the same windows; it can only move windows to normal
    expect(e.minProbability).toBe(0.9);
    expect(e.atMinProbability.samples).toBe(e.samples);
    const calledAttack = (c: number[][], normal: number): number =>
      c.reduce((a, row) => a + row.reduce((x, v, j) => x + (j === normal ? 0 : v), 0), 0);
    e.perClass.forEach((m, i) => {
      expect(m.support).toBe(e.confusion[i]!.reduce((a, b) => a + b, 0));
      expect(m.recall).toBeCloseTo(e.confusion[i]![i]! / m.support, 9);
    });
    expect(e.macroF1).toBeCloseTo(e.perClass.reduce((a, m) => a + m.f1, 0) / e.perClass.length, 9);
    const n = e.classes.indexOf('normal');
    expect(e.normalAsAttackRate).toBeCloseTo(1 - e.confusion[n]![n]! / e.perClass[n]!.support, 9);
    expect(calledAttack(e.atMinProbability.confusion, n)).toBeLessThanOrEqual(calledAttack(e.confusion, n));
    expect(e.atMinProbability.normalAsAttackRate).toBeLessThanOrEqual(e.normalAsAttackRate);
    // the human form prints the same figures
    const text = await ziem(['model', 'evaluate', '--model', classifier, '--input', windows, '--held-out']);
    expect(text.stdout).toContain(`macro F1 ${e.macroF1.toFixed(4)}`);
    expect(text.stdout).toContain(`macro F1 ${e.atMinProbability.macroF1.toFixed(4)}`);
  }, 300_000);

  it('refuses --classifier without --model (exit 2)', async () => {
    const r = await ziem(['analyze', join(captures, 'syn-scan.pcap.gz'), '--classifier', classifier]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--classifier needs --model');
  });
});
