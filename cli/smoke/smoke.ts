// `ziem smoke [--json] [--target T]`: the CI smoke test of a deployment (local by default). Deploy; 60 s of normal traffic
// during which no alert may be raised; portscan, synflood and bruteforce each detected within 15 s;
// the graph holds the sandbox hosts and TALKS_TO packets equal to the FLOWS totals; destroy.
import { emit, type Context } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { runAttack } from '../sandbox/attack-sim.js';
import { attackAndDetect } from '../sandbox/attacks/expect-detection.js';
import { readState } from '../sandbox/state.js';
import type { Alert } from '../alerts/alert-record.js';
import { openAlertFeed } from '../alerts/alerts.js';
import { deploy } from '../targets/deploy.js';
import { destroy } from '../targets/destroy.js';
import { stepContext } from '../step-context.js';
import { checkGraph, type GraphCheck } from '../graph/graph-check.js';
import { sandboxOf } from '../targets/target-sandbox.js';
import type { TargetSandbox } from '../sandbox/host-runner.js';
import type { SandboxHost } from '../sandbox/layout.js';

export const SMOKE_SCENARIOS = ['portscan', 'synflood', 'bruteforce'] as const;
const DETECT_WITHIN_MS = 15_000;
const NORMAL = '60s';
/** A window's alert can come up to one window after its last packet. */
const SETTLE_MS = 12_000;

export interface SmokeReport {
  passed: boolean;
  scenarios: Record<string, { detected: boolean; seconds: number | null }>;
  falseAlerts: number;
  graph: GraphCheck | null;
  error: string | null;
}

export interface SmokeOptions {
  /** Keep the deployment running afterwards (for a post-mortem). */
  keep?: boolean;
  /** Which target to deploy and attack (default local: the netns sandbox). */
  target?: string;
}

interface Where {
  ctx: Context;
  sandbox: TargetSandbox | undefined;
}

/** The sandbox's hosts: the target's, or the netns sandbox's recorded state. */
const hostsOf = (w: Where): readonly SandboxHost[] =>
  w.sandbox?.layout.hosts ?? readState(w.ctx.config.stateDir)?.layout.hosts ?? [];

/** Alerts raised while only normal traffic runs. */
async function normalPhase(w: Where): Promise<Alert[]> {
  const ctx = w.ctx;
  const alerts: Alert[] = [];
  const started = ctx.clock.now();
  const feed = openAlertFeed(ctx.config.kafka.bootstrap, (a, at) => {
    if (a && at >= started && a.windowEnd >= started) alerts.push(a);
  });
  try {
    await feed.ready;
    const hosts = hostsOf(w).filter((h) => h.role !== 'attacker');
    ctx.log.info(`smoke: ${NORMAL} of normal traffic from ${hosts.map((h) => h.name).join(', ')}`);
    const quiet = stepContext(ctx, { silent: true });
    await Promise.all(hosts.map((h) => runAttack(quiet, 'normal', { from: h.name, duration: NORMAL }, w.sandbox)));
    await ctx.clock.sleep(SETTLE_MS);
  } finally {
    await feed.close();
  }
  for (const a of alerts) ctx.log.warn(`smoke: alert during normal traffic: ${a.kind} ${a.src} → ${a.dst ?? '*'}`);
  return alerts;
}

async function attacks(w: Where, report: SmokeReport): Promise<void> {
  const ctx = w.ctx;
  const quiet = stepContext(ctx, { silent: true });
  for (const s of SMOKE_SCENARIOS) {
    ctx.log.info(`smoke: ${s}, expecting detection within ${DETECT_WITHIN_MS / 1000} s`);
    const d = await attackAndDetect(quiet, s, s === 'synflood' ? { duration: '10s' } : {}, DETECT_WITHIN_MS, w.sandbox);
    report.scenarios[s] = { detected: d.detected, seconds: d.seconds };
    ctx.log.info(`smoke: ${s} ${d.detected ? `detected after ${d.seconds} s` : 'NOT detected'}`);
    // the next attack starts in a fresh window so its alert is its own
    await ctx.clock.sleep(SETTLE_MS);
  }
}

export async function smoke(ctx: Context, o: SmokeOptions = {}): Promise<SmokeReport> {
  const report: SmokeReport = { passed: false, scenarios: {}, falseAlerts: 0, graph: null, error: null };
  for (const s of SMOKE_SCENARIOS) report.scenarios[s] = { detected: false, seconds: null };
  try {
    const target = o.target ?? 'local';
    await deploy(stepContext(ctx), { target });
    const w = await sandboxOf(ctx, target);
    report.falseAlerts = (await normalPhase(w)).length;
    await attacks(w, report);
    report.graph = await checkGraph(
      w.ctx,
      hostsOf(w).map((h) => h.ip),
      60_000,
    );
    for (const m of [
      ...report.graph.hostsMissing.map((h) => `host ${h} missing from the graph`),
      ...report.graph.mismatches,
    ])
      ctx.log.warn(`smoke: ${m}`);
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
    ctx.log.warn(`smoke: ${report.error}`);
  } finally {
    // purged: a restart on kept Neo4j data is not reliable; the model is kept to skip the warm-up next time
    if (!o.keep)
      await destroy(stepContext(ctx, { silent: true }), {
        purge: true,
        keepModel: true,
        target: o.target ?? 'local',
      }).catch((err: unknown) => ctx.log.warn(`smoke: destroy failed: ${(err as Error).message}`));
  }
  report.passed =
    report.error === null &&
    report.falseAlerts === 0 &&
    report.graph?.ok === true &&
    Object.values(report.scenarios).every((s) => s.detected);
  return report;
}

function human(r: SmokeReport): string {
  return [
    `smoke: ${r.passed ? 'PASSED' : 'FAILED'}`,
    ...Object.entries(r.scenarios).map(
      ([s, d]) => `  ${s.padEnd(11)} ${d.detected ? `detected in ${d.seconds} s` : 'not detected'}`,
    ),
    `  false alerts during normal traffic: ${r.falseAlerts}`,
    `  graph: ${r.graph === null ? 'not checked' : r.graph.ok ? 'hosts and TALKS_TO counts match FLOWS' : 'MISMATCH'}`,
    ...(r.error ? [`  error: ${r.error}`] : []),
  ].join('\n');
}

export async function run(ctx: Context, o: SmokeOptions): Promise<void> {
  const r = await smoke(ctx, o);
  emit(
    ctx,
    { passed: r.passed, scenarios: r.scenarios, falseAlerts: r.falseAlerts, graph: r.graph, error: r.error },
    () => human(r),
  );
  if (!r.passed)
    throw new ZiemError('SMOKE_FAILED', 'the smoke test failed (details above)', {
      hint: 'rerun with --keep to inspect the deployment, then `ziem destroy`',
    });
}
