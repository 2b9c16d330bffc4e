// `ziem stack down`: stop the components this state directory started (recorded pid, verified by
// the markers on its command line), the engine server first, then Connect, with SIGTERM then SIGKILL after
// stack.stopTimeoutMs. Idempotent. `--purge` also deletes data, config, logs and the Neo4j password.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { componentPaths, neo4jPasswordFile } from './layout.js';
import { runningPid } from './preflight.js';
import { removePidFile, stopPid } from './processes.js';
import { ALL_COMPONENTS } from './registry.js';

export interface DownOptions {
  purge?: boolean;
}

export interface DownResult {
  stopped: Array<{ name: string; pid: number; how: string }>;
  purged: boolean;
}

type DownCtx = Pick<Context, 'config' | 'log' | 'clock'>;

export async function stopStack(ctx: DownCtx, o: DownOptions = {}): Promise<DownResult> {
  const stopped: DownResult['stopped'] = [];
  for (const c of [...ALL_COMPONENTS].reverse()) {
    const paths = componentPaths(ctx.config.stateDir, c.name);
    const pid = runningPid(c, ctx.config, ctx.log);
    if (pid === undefined) continue;
    ctx.log.info(`${c.name}: stopping (pid ${pid})`);
    const how = await stopPid(pid, ctx.config.stack.stopTimeoutMs, ctx.clock);
    if (how === 'killed') ctx.log.warn(`${c.name}: did not stop within ${ctx.config.stack.stopTimeoutMs} ms; killed`);
    removePidFile(paths.pidFile);
    stopped.push({ name: c.name, pid, how });
  }
  if (o.purge) {
    for (const c of ALL_COMPONENTS) {
      const paths = componentPaths(ctx.config.stateDir, c.name);
      rmSync(paths.dir, { recursive: true, force: true });
      rmSync(paths.log, { force: true });
      rmSync(paths.stdout, { force: true });
    }
    rmSync(dirname(componentPaths(ctx.config.stateDir, 'neo4j').log), { recursive: true, force: true });
    rmSync(neo4jPasswordFile(ctx.config.stateDir), { force: true });
    ctx.log.info(`removed the stack's data, logs and secrets under ${ctx.config.stateDir}`);
  }
  return { stopped, purged: o.purge ?? false };
}

export async function run(ctx: Context, o: DownOptions = {}): Promise<void> {
  const result = await stopStack(ctx, o);
  if (result.stopped.length === 0) ctx.log.info('no stack process was running');
  emit(ctx, result, () =>
    result.stopped.length === 0
      ? 'nothing was running'
      : result.stopped.map((s) => `${s.name} stopped (pid ${s.pid}, ${s.how})`).join('\n'),
  );
}
