// Capture benchmarks (needs root): a real Kafka broker, a sandbox on its own prefix and CIDR, the
// capture agent, and hping3 SYN floods at rising rates. capture.pps_no_loss is the highest achieved
// flood rate whose SYNs all reached Kafka; capture.loss_pct_50k the share lost at 50,000 packets/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../cli/config/config.js';
import { makeContext, type Context } from '../cli/context.js';
import { synflood } from '../cli/sandbox/attacks/synflood.js';
import { captureSettings, startAgent } from '../cli/sandbox/capture.js';
import { requireRoot } from '../cli/sandbox/preflight.js';
import { runTool } from '../cli/sandbox/run-tool.js';
import { readState } from '../cli/sandbox/state.js';
import { runDown, runUp } from '../cli/sandbox/sandbox.js';
import { sandboxDir } from '../cli/sandbox/state.js';
import { freePort } from '../cli/stack/ports.js';
import { startStack } from '../cli/stack/up.js';
import { stopStack } from '../cli/stack/down.js';
import type { BenchResult } from './bench-result.js';

const RATES = [5_000, 10_000, 20_000, 30_000, 40_000, 50_000];
const SECONDS_PER_STEP = 2;

interface Step {
  target: number;
  achieved: number;
  sent: number;
  delivered: number;
  lossPct: number;
}

async function benchContext(stateDir: string): Promise<Context> {
  const ports = new Set<number>();
  while (ports.size < 2) ports.add(await freePort());
  const [kafka, controller] = [...ports];
  const n = Math.floor(Math.random() * 200) + 20;
  const config = loadConfig({ env: {}, cwd: stateDir, flags: {
    stateDir, 'kafka.port': kafka, 'kafka.controllerPort': controller, 'kafka.heapMb': 512,
    'sandbox.prefix': 'zb-', 'sandbox.cidr': `10.79.${n}.0/24`, 'sandbox.hosts': 'web,attacker',
  } });
  const quiet = { write: () => true };
  return makeContext({ config, stdout: quiet, stderr: process.stderr, env: {} });
}

/** SYN records from `src` to `dst` in `topic`. */
async function countSyns(bootstrap: string, topic: string, src: string, dst: string): Promise<number> {
  const r = await runTool('kcat', ['-b', bootstrap, '-t', topic, '-C', '-e', '-q'], { timeoutMs: 120_000 });
  let n = 0;
  for (const line of r.stdout.split('\n')) {
    if (!line.includes('"tcp_flags_syn":["1"]') || !line.includes('"tcp_flags_ack":["0"]')) continue;
    const l = (JSON.parse(line) as { layers: { ip_src?: string[]; ip_dst?: string[] } }).layers;
    if (l.ip_src?.[0] === src && l.ip_dst?.[0] === dst) n++;
  }
  return n;
}

async function step(ctx: Context, rate: number): Promise<Step> {
  const topic = `bench-capture-${rate}`;
  const settings = { ...captureSettings(ctx), topic };
  const agent = await startAgent(settings, (l) => ctx.log.debug(l));
  const layout = readState(ctx.config.stateDir)!.layout;
  const [web, attacker] = [layout.hosts.find((h) => h.role === 'web')!, layout.hosts.find((h) => h.role === 'attacker')!];
  let params;
  try {
    params = await synflood.run({ layout, src: attacker, dst: web, dir: sandboxDir(ctx.config.stateDir), durationMs: SECONDS_PER_STEP * 1000,
      log: ctx.log, now: () => Date.now() }, { rate: String(rate), count: String(rate * SECONDS_PER_STEP) });
  } finally {
    await agent.stop(60_000);
  }
  const sent = Number(params['sent']);
  const delivered = await countSyns(ctx.config.kafka.bootstrap, topic, attacker.ip, web.ip);
  const lossPct = sent > 0 ? (Math.max(0, sent - delivered) / sent) * 100 : 0;
  ctx.log.info(`capture bench: target ${rate}/s, achieved ${String(params['achievedPps'])}/s, sent ${sent}, delivered ${delivered}, loss ${lossPct.toFixed(2)}%`);
  return { target: rate, achieved: Number(params['achievedPps']), sent, delivered, lossPct };
}

export async function run(): Promise<BenchResult[]> {
  requireRoot('the capture benchmark');
  const stateDir = mkdtempSync(join(tmpdir(), 'ziem-capture-bench-'));
  const ctx = await benchContext(stateDir);
  const steps: Step[] = [];
  try {
    await startStack(ctx, { components: ['kafka'] });
    await runUp(ctx, {});
    for (const rate of RATES) steps.push(await step(ctx, rate));
  } finally {
    await runDown(ctx).catch((e: unknown) => ctx.log.warn(`sandbox down: ${String(e)}`));
    await stopStack(ctx, { purge: true }).catch((e: unknown) => ctx.log.warn(`stack down: ${String(e)}`));
    rmSync(stateDir, { recursive: true, force: true });
  }
  // the highest rate reached before the first step that lost anything
  const firstLoss = steps.findIndex((s) => s.lossPct > 0);
  const clean = firstLoss === -1 ? steps : steps.slice(0, firstLoss);
  const last = steps[steps.length - 1]!;
  return [
    { bench: 'capture.pps_no_loss', unit: 'packets/s', value: clean.length ? Math.max(...clean.map((s) => s.achieved)) : 0 },
    { bench: 'capture.loss_pct_50k', unit: '%', value: Number(last.lossPct.toFixed(3)) },
  ];
}
