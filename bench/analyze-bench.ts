// analyze.packets_per_s: `ziem analyze` reading a capture (capinfos' check, tshark with the
// capture agent's fields, the whole ksql/ pipeline on the embedded engine in memory), beside
// tshark's own EK read rate of the same file with the same fields (the limit: analyze cannot read
// faster than tshark prints). The input is the recorded test captures, each copy shifted in time
// and concatenated (editcap -t, mergecap -a) to about 100,000 packets. Median of 3 runs each.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../cli/config/config.js';
import { makeContext } from '../cli/context.js';
import { runAnalyze } from '../cli/analyze/analyze.js';
import { tsharkEkArgs } from '../cli/sandbox/capture-fields.js';
import { runTool } from '../cli/sandbox/run-tool.js';
import type { BenchResult } from './bench-result.js';
import { median } from './median.js';

const FIXTURES = resolve('tests/fixtures/captures');
const TARGET_PACKETS = 100_000;
const ROUNDS = 3;

async function packetsOf(file: string): Promise<number> {
  return Number((await runTool('capinfos', ['-T', '-r', '-c', file])).stdout.trim().split('\t').pop());
}

/** Seconds from the first packet to the last. */
async function spanOf(file: string): Promise<number> {
  const [, first, last] = (await runTool('capinfos', ['-T', '-r', '-S', '-a', '-e', file])).stdout.trim().split('\t');
  return Number(last) - Number(first);
}

/** The fixtures merged in time order, then repeated with shifted times up to TARGET_PACKETS. */
async function buildInput(dir: string): Promise<{ file: string; packets: number }> {
  const parts = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.pcap.gz'))
    .map((f) => join(FIXTURES, f));
  const one = join(dir, 'one.pcap');
  await runTool('mergecap', ['-F', 'pcap', '-w', one, ...parts]);
  const n = await packetsOf(one);
  const copies = Math.max(1, Math.ceil(TARGET_PACKETS / n));
  // each copy starts an hour after the one before it ends, so its windows are closed before the next
  // begins (the captures were recorded over days: copies an hour apart overlapped, and most of the
  // later copies' packets were dropped as late)
  const step = Math.ceil(await spanOf(one)) + 3600;
  const shifted: string[] = [];
  for (let i = 0; i < copies; i++) {
    const f = join(dir, `copy${i}.pcap`);
    await runTool('editcap', ['-t', String(i * step), one, f]);
    shifted.push(f);
  }
  const file = join(dir, 'input.pcap');
  await runTool('mergecap', ['-a', '-F', 'pcap', '-w', file, ...shifted], { timeoutMs: 300_000 });
  return { file, packets: await packetsOf(file) };
}

function tsharkSeconds(file: string): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn('tshark', tsharkEkArgs(file), { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.resume();
    p.on('error', rej);
    p.on('close', () => res((performance.now() - t0) / 1000));
  });
}

/** Seconds of one analyze run, and how many records its processing log holds (late or bad). */
async function analyzeRun(file: string, stateDir: string): Promise<{ seconds: number; processingLog: number }> {
  const config = loadConfig({ env: {}, cwd: resolve('.'), flags: { stateDir } });
  const sink = { write: () => true };
  const ctx = makeContext({ config, stdout: sink, stderr: sink, env: {} });
  const t0 = performance.now();
  const [report] = await runAnalyze(ctx, { captures: [file] });
  return { seconds: (performance.now() - t0) / 1000, processingLog: report?.processingLog ?? 0 };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-analyze-bench-'));
  try {
    const input = await buildInput(dir);
    const t: number[] = [];
    const a: number[] = [];
    let processingLog = 0;
    for (let i = 0; i < ROUNDS; i++) {
      t.push(await tsharkSeconds(input.file));
      const r = await analyzeRun(input.file, dir);
      a.push(r.seconds);
      processingLog = r.processingLog;
    }
    const tsharkPps = Math.round(input.packets / median(t));
    const analyzePps = Math.round(input.packets / median(a));
    return [
      {
        bench: 'analyze.packets_per_s',
        unit: 'packets/s',
        value: analyzePps,
        baseline: tsharkPps,
        baselineName: 'tshark -T ek with the capture fields, output discarded',
        packets: input.packets,
        analyzeSeconds: Number(median(a).toFixed(2)),
        tsharkSeconds: Number(median(t).toFixed(2)),
        processingLog,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
