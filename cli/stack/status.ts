// `ziem stack status`: for each component, the recorded pid (if ours and alive), its ports, whether
// it answers its health check, and its version. Exits non-zero (via StackError) when any component is
// not healthy, like `systemctl status`, so scripts can gate on it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { StackError } from '../../core/errors/ziem-error.js';
import type { Component } from './component.js';
import { pomVersions } from './jars.js';
import { componentPaths, localDir } from './layout.js';
import { runningPid } from './preflight.js';
import { selectComponents } from './registry.js';

export interface ComponentStatus {
  name: string;
  pid: number | null;
  running: boolean;
  healthy: boolean;
  ports: Record<string, number>;
  version: string | null;
  detail: string | null;
  log: string;
}

type StatusCtx = Pick<Context, 'config' | 'log' | 'secrets'>;

function pomVersion(name: string): string | null {
  const v = pomVersions(readFileSync(join(localDir(), 'pom.xml'), 'utf8'));
  return name === 'kafka' ? v.kafka : name === 'neo4j' ? `Neo4j/${v.neo4j}` : null;
}

async function statusOf(c: Component, ctx: StatusCtx): Promise<ComponentStatus> {
  const paths = componentPaths(ctx.config.stateDir, c.name);
  const pid = runningPid(c, ctx.config, ctx.log);
  const ports = Object.fromEntries(c.ports(ctx.config).map((p) => [p.field.split('.')[1] as string, p.port]));
  const base = { name: c.name, pid: pid ?? null, running: pid !== undefined, ports, log: paths.log };
  if (pid === undefined) return { ...base, healthy: false, version: null, detail: 'not running' };
  const h = await c.health({ config: ctx.config, log: ctx.log, secrets: ctx.secrets }, paths);
  return {
    ...base,
    healthy: h.healthy,
    version: h.version ?? (h.healthy ? pomVersion(c.name) : null),
    detail: h.detail ?? null,
  };
}

export async function stackStatus(ctx: StatusCtx): Promise<ComponentStatus[]> {
  return Promise.all(selectComponents(undefined).map((c) => statusOf(c, ctx)));
}

function human(list: readonly ComponentStatus[]): string {
  return list
    .map((s) => {
      const state = s.healthy ? 'healthy' : s.running ? 'unhealthy' : 'stopped';
      const ports = Object.entries(s.ports)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return `${s.name.padEnd(8)} ${state.padEnd(10)} pid ${String(s.pid ?? '-').padEnd(8)} ${ports.padEnd(28)} ${s.version ?? ''}${s.detail && !s.healthy ? `  (${s.detail})` : ''}`;
    })
    .join('\n');
}

export async function run(ctx: Context): Promise<void> {
  const components = await stackStatus(ctx);
  emit(ctx, { components }, () => human(components));
  const bad = components.filter((c) => !c.healthy).map((c) => c.name);
  if (bad.length > 0) {
    throw new StackError('STACK_UNHEALTHY', `not healthy: ${bad.join(', ')}`, {
      hint: 'start it with `ziem stack up`; see `ziem stack logs <component>`',
    });
  }
}
