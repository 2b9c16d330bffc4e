// `ziem analyze --model --classifier` as a user runs them, on the built binary: both models trained
// by `ziem model train` from the simulator's labelled windows (tests/fixtures/model), then a recorded
// SYN scan and benign browsing analysed. Every ANOMALY alert carries the classifier's class, the scan
// raises CLASSIFIED_ATTACK naming its technique and the scanner, benign traffic raises nothing;
// without a classifier the class is null and the processing log says why.
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
  it('names the technique of a SYN scan and its scanner, and gives every ANOMALY alert a class', async () => {
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
    const scan = out.filter((l) => l.capture?.endsWith('syn-scan.pcap.gz') && l.kind !== undefined);
    const classified = scan.filter((l) => l.kind === 'CLASSIFIED_ATTACK');
    expect(classified.length).toBeGreaterThan(0);
    for (const a of classified) {
      expect(a).toMatchObject({ src: '10.77.0.7', attackClass: 'portscan-syn' });
      expect(a.classProbability).toBeGreaterThanOrEqual(0.9);
    }
    for (const a of out.filter((l) => l.kind === 'ANOMALY')) {
      expect(a.attackClass).toEqual(expect.any(String));
      expect(a.reason).toContain(`classified as ${a.attackClass}`);
    }
    // the rules still name the scan; benign browsing raises nothing, the models included
    expect(scan.some((l) => l.kind === 'PORT_SCAN')).toBe(true);
    expect(out.filter((l) => l.capture?.endsWith('benign-browsing.pcap.gz') && l.kind !== undefined)).toEqual([]);
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

  it('refuses --classifier without --model (exit 2)', async () => {
    const r = await ziem(['analyze', join(captures, 'syn-scan.pcap.gz'), '--classifier', classifier]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--classifier needs --model');
  });
});
