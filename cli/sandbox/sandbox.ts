// The `ziem sandbox` operations as plain run(ctx, opts) functions: up, down, status, exec.
// cli/commands/sandbox.ts wires them to commander; tests call them directly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { emit, type Context } from '../context.js';
import { stopAgentOn } from './capture.js';
import { SandboxError } from './errors.js';
import { planLayout, type SandboxLayout } from './layout.js';
import { listNamespaces } from './netns.js';
import { requireRoot, requireTools, SANDBOX_TOOLS } from './preflight.js';
import { runsProgram } from './processes.js';
import { sandboxDown } from './sandbox-down.js';
import { sandboxUp } from './sandbox-up.js';
import { readState, type SandboxState } from './state.js';

export interface UpOptions {
  hosts?: string;
  cidr?: string;
}

export function layoutFromConfig(ctx: Context, o: UpOptions = {}): SandboxLayout {
  const s = ctx.config.sandbox;
  return planLayout({
    cidr: o.cidr ?? s.cidr,
    prefix: s.prefix,
    bridge: s.bridge,
    roles: o.hosts ? o.hosts.split(',') : s.hosts,
  });
}

/** The running sandbox as recorded by `up`; attacks and exec refuse to run without one. */
export function requireSandbox(ctx: Context): SandboxState {
  const st = readState(ctx.config.stateDir);
  if (!st)
    throw new SandboxError('SANDBOX_DOWN', `no sandbox is up (state dir ${ctx.config.stateDir})`, {
      hint: 'run `ziem sandbox up` first',
    });
  return st;
}

export async function runUp(ctx: Context, o: UpOptions): Promise<void> {
  requireRoot('ziem sandbox up');
  const layout = layoutFromConfig(ctx, o);
  await requireTools(SANDBOX_TOOLS);
  ctx.log.info(`sandbox: creating bridge ${layout.bridge} and ${layout.hosts.length} hosts in ${layout.cidr}`);
  const st = await sandboxUp(ctx.config.stateDir, layout, ctx.clock.now());
  ctx.log.info(`sandbox: up, ${st.processes.length} services running`);
  emit(ctx, { hosts: layout.hosts }, () => layout.hosts.map((h) => `${h.name}\t${h.role}\t${h.ip}`).join('\n'));
}

export async function runDown(ctx: Context): Promise<void> {
  requireRoot('ziem sandbox down');
  const st = readState(ctx.config.stateDir);
  // an agent left capturing on the bridge would only restart against a missing interface forever
  const agent = st
    ? await stopAgentOn(ctx.config.stateDir, st.layout.bridge, ctx.config.stack.stopTimeoutMs)
    : undefined;
  if (agent) ctx.log.info(`sandbox: stopped the capture agent on ${st!.layout.bridge} (pid ${agent})`);
  const r = await sandboxDown(ctx.config.stateDir, ctx.config.stack.stopTimeoutMs);
  if (!r) {
    ctx.log.info('sandbox: nothing to do (no sandbox recorded in the state dir)');
    emit(ctx, { removed: [] }, () => '');
    return;
  }
  for (const x of r.removed) ctx.log.info(`sandbox: removed ${x}`);
  emit(ctx, { removed: r.removed }, () => `removed ${r.removed.length} objects`);
}

export interface HostStatus {
  name: string;
  role: string;
  ip: string;
  namespace: string;
  up: boolean;
  services: Array<{ service: string; pid: number; running: boolean }>;
}

export async function sandboxStatus(ctx: Context): Promise<HostStatus[]> {
  const st = readState(ctx.config.stateDir);
  if (!st) return [];
  const nss = new Set(await listNamespaces());
  return st.layout.hosts.map((h) => ({
    name: h.name,
    role: h.role,
    ip: h.ip,
    namespace: h.ns,
    up: nss.has(h.ns),
    services: st.processes
      .filter((p) => p.host === h.name)
      .map((p) => ({ service: p.service, pid: p.pid, running: runsProgram(p.pid, p.exe) })),
  }));
}

export async function runStatus(ctx: Context): Promise<void> {
  const hosts = await sandboxStatus(ctx);
  const human = (): string =>
    hosts.length === 0
      ? 'sandbox: down'
      : [
          'NAME\tROLE\tIP\tSTATE\tSERVICES',
          ...hosts.map(
            (h) =>
              `${h.name}\t${h.role}\t${h.ip}\t${h.up ? 'up' : 'missing'}\t${h.services.map((s) => `${s.service}:${s.running ? 'running' : 'stopped'}`).join(',') || '-'}`,
          ),
        ].join('\n');
  emit(ctx, { up: hosts.length > 0, hosts }, human);
}

export async function runExec(ctx: Context, o: { host: string; command: string[] }): Promise<void> {
  requireRoot('ziem sandbox exec');
  const st = requireSandbox(ctx);
  const h = st.layout.hosts.find((x) => x.name === o.host);
  if (!h)
    throw new SandboxError(
      'SANDBOX_HOST',
      `no sandbox host named "${o.host}" (hosts: ${st.layout.hosts.map((x) => x.name).join(', ')})`,
    );
  if (o.command.length === 0)
    throw new SandboxError('USAGE', 'exec needs a command after --, e.g. `ziem sandbox exec web -- ip addr`');
  if (!existsSync(`/run/netns/${h.ns}`))
    throw new SandboxError('SANDBOX_HOST', `namespace ${h.ns} of host ${h.name} is missing`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', h.ns, ...o.command], { stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => ctx.stdout.write(d.toString()));
    child.stderr.on('data', (d: Buffer) => ctx.stderr.write(d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new SandboxError('EXEC_FAILED', `\`${o.command.join(' ')}\` on ${h.name} exited with ${code}`);
}
