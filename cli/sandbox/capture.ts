// The `ziem capture` operations: `start` launches the agent as a detached `ziem capture run`,
// `run` is the agent itself (foreground, until SIGTERM), `stop` drains it, `status` shows its
// totals. tshark/dumpcap run on the sandbox bridge; records go to capture.topic through kcat.
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { emit, type Context } from '../context.js';
import { CaptureAgent, type AgentStats } from './capture-agent.js';
import { captureFilter, platformPorts } from './capture-fields.js';
import { captureDir, readAgentRecord, writeAgentRecord, type AgentRecord } from './capture-state.js';
import { SandboxError } from './errors.js';
import { connectKafka } from './kafka-io.js';
import { requireRoot, requireTools } from './preflight.js';
import { isAlive, runsProgram, stopPids } from './processes.js';

export const CAPTURE_TOOLS = [
  ['dumpcap', 'wireshark-common'],
  ['tshark', 'tshark'],
  ['kcat', 'kcat'],
] as const;

export interface CaptureSettings {
  iface: string;
  filter: string;
  bootstrap: string;
  topic: string;
  snaplen: number;
  bufferMb: number;
  lingerMs: number;
}

export function captureSettings(ctx: Context, o: { iface?: string } = {}): CaptureSettings {
  const c = ctx.config;
  return {
    iface: o.iface ?? c.capture.interface,
    filter: captureFilter(platformPorts(c)),
    bootstrap: c.kafka.bootstrap,
    topic: c.capture.topic,
    snaplen: c.capture.snaplen,
    bufferMb: c.capture.bufferMb,
    lingerMs: c.capture.lingerMs,
  };
}

/** The agent's pid if one is running for this state dir. */
function runningAgent(stateDir: string): AgentRecord | undefined {
  const r = readAgentRecord(stateDir);
  return r && r.stoppedAt === undefined && isAlive(r.pid) && runsProgram(r.pid, process.execPath) ? r : undefined;
}

/** Creates the topic and starts an agent in this process; the caller owns stopping it. */
export async function startAgent(s: CaptureSettings, log: (l: string) => void): Promise<CaptureAgent> {
  await requireTools(CAPTURE_TOOLS);
  const kafka = await connectKafka(s.bootstrap, 'ziem-capture');
  try {
    await kafka.ensureTopic(s.topic);
  } finally {
    await kafka.close();
  }
  const agent = new CaptureAgent(s, log);
  await agent.start();
  return agent;
}

/** `ziem capture run`: the agent in the foreground, writing its totals every second. */
export async function runAgentForeground(ctx: Context, o: { iface?: string }): Promise<void> {
  requireRoot('ziem capture');
  const s = captureSettings(ctx, o);
  const agent = await startAgent(s, (l) => ctx.log.info(l));
  const startedAt = ctx.clock.now();
  const record = (stats: AgentStats, stoppedAt?: number): void =>
    writeAgentRecord(ctx.config.stateDir, {
      pid: process.pid,
      startedAt,
      updatedAt: ctx.clock.now(),
      iface: s.iface,
      filter: s.filter,
      topic: s.topic,
      bootstrap: s.bootstrap,
      stats,
      stoppedAt,
    });
  record(agent.stats());
  ctx.log.info(`capture: on ${s.iface} → ${s.topic} at ${s.bootstrap} (filter: ${s.filter || 'none'})`);
  const timer = setInterval(() => record(agent.stats()), 1_000);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  clearInterval(timer);
  const final = await agent.stop(ctx.config.stack.stopTimeoutMs);
  record(final, ctx.clock.now());
  emit(ctx, final, () => describeStats(final));
}

export function describeStats(s: AgentStats): string {
  const loss = s.packets > 0 ? (((s.packets - s.delivered) / s.packets) * 100).toFixed(2) : '0.00';
  return (
    `packets captured: ${s.packets}\nrecords delivered: ${s.delivered}\ndelivery failures: ${s.failed}\n` +
    `kernel drops: ${s.droppedByKernel}\nloss: ${loss}%\nrestarts: ${s.restarts}${s.lastError ? `\nlast error: ${s.lastError}` : ''}`
  );
}

/** `ziem capture start`: the agent as a detached child running this same binary. */
export async function runStart(ctx: Context, o: { iface?: string }): Promise<void> {
  requireRoot('ziem capture start');
  await requireTools(CAPTURE_TOOLS);
  const live = runningAgent(ctx.config.stateDir);
  if (live)
    throw new SandboxError('CAPTURE_RUNNING', `a capture agent is already running (pid ${live.pid})`, {
      hint: 'run `ziem capture stop` first',
    });
  const entry = process.argv[1];
  if (!entry) throw new SandboxError('CAPTURE_START', 'cannot find the ziem entry script to start the agent with');
  const dir = captureDir(ctx.config.stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(join(dir, 'agent.log'), 'a', 0o600);
  const args = [
    ...process.execArgv,
    entry,
    '--state-dir',
    ctx.config.stateDir,
    ...(ctx.config.source ? ['--config', ctx.config.source] : []),
    'capture',
    'run',
    ...(o.iface ? ['--interface', o.iface] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...ctx.env },
  });
  closeSync(fd);
  child.unref();
  await waitForAgent(ctx, child.pid ?? -1);
}

async function waitForAgent(ctx: Context, pid: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const r = readAgentRecord(ctx.config.stateDir);
    if (r && r.pid === pid) {
      ctx.log.info(`capture: agent running (pid ${pid}) on ${r.iface} → ${r.topic}`);
      emit(ctx, r, () => `capture agent pid ${pid}`);
      return;
    }
    if (!isAlive(pid)) break;
    await ctx.clock.sleep(100);
  }
  throw new SandboxError('CAPTURE_START', `the capture agent did not start`, {
    hint: `see ${join(captureDir(ctx.config.stateDir), 'agent.log')}`,
  });
}

/** Stops the agent of this state dir if it captures on `iface` (the bridge `sandbox down` removes). */
export async function stopAgentOn(stateDir: string, iface: string, timeoutMs: number): Promise<number | undefined> {
  const r = runningAgent(stateDir);
  if (!r || r.iface !== iface) return undefined;
  await stopPids([r.pid], timeoutMs + 5_000);
  return r.pid;
}

export async function runStop(ctx: Context): Promise<void> {
  const r = runningAgent(ctx.config.stateDir);
  if (!r) {
    ctx.log.info('capture: nothing to do (no agent running)');
    emit(ctx, { stopped: false }, () => '');
    return;
  }
  await stopPids([r.pid], ctx.config.stack.stopTimeoutMs + 5_000);
  const final = readAgentRecord(ctx.config.stateDir) ?? r;
  emit(ctx, { stopped: true, ...final }, () => describeStats(final.stats));
}

export function runStatus(ctx: Context): void {
  const r = readAgentRecord(ctx.config.stateDir);
  const running = r !== undefined && runningAgent(ctx.config.stateDir) !== undefined;
  emit(ctx, { running, ...(r ?? {}) }, () =>
    !r
      ? 'capture: not running'
      : `capture: ${running ? `running (pid ${r.pid})` : 'stopped'} on ${r.iface} → ${r.topic}\n${describeStats(r.stats)}`,
  );
}
