// `ziem stack up`: start what is not running (Kafka and Neo4j together, Connect once Kafka is
// healthy, the ksqlDB engine server once Connect is), wait for each to be healthy, report endpoints. Already-running components are left
// alone, so a second `up` is a no-op. If a component fails, what this run started is stopped again.
import type { Context } from '../context.js';
import { emit } from '../context.js';
import type { Component, StackEnv } from './component.js';
import { defaultJarCacheRoot, ensureJars } from './jars.js';
import { launch, type LaunchContext } from './launch.js';
import { componentPaths } from './layout.js';
import { checkPorts, runningPid } from './preflight.js';
import { findMvn, findTools } from './prereqs.js';
import { removePidFile, stopPid } from './processes.js';
import { selectComponents } from './registry.js';

export interface UpOptions {
  /** Only these components (plus what they need); default all. */
  components?: readonly string[];
}

export interface UpComponent {
  name: string;
  pid: number;
  started: boolean;
  version: string | undefined;
  endpoints: Record<string, string>;
}

export interface UpResult {
  components: UpComponent[];
}

type UpCtx = Pick<Context, 'config' | 'log' | 'clock' | 'env' | 'secrets'>;

async function startAll(
  toStart: readonly Component[],
  lctx: LaunchContext,
  spawned: Map<string, number>,
): Promise<Map<string, string | undefined>> {
  const ready = new Map<string, Promise<string | undefined>>();
  for (const c of toStart) {
    const deps = c.after.map((n) => ready.get(n)).filter((p): p is Promise<string | undefined> => p !== undefined);
    ready.set(
      c.name,
      Promise.all(deps)
        .then(() => launch(c, lctx, (pid) => spawned.set(c.name, pid)))
        .then((l) => l.version),
    );
  }
  const results = await Promise.allSettled([...ready.values()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const versions = new Map<string, string | undefined>();
  [...ready.keys()].forEach((name, i) =>
    versions.set(name, (results[i] as PromiseFulfilledResult<string | undefined>).value),
  );
  return versions;
}

async function rollback(spawned: Map<string, number>, ctx: UpCtx): Promise<void> {
  for (const [name, pid] of [...spawned].reverse()) {
    ctx.log.info(`${name}: stopping (pid ${pid}) after the failed start`);
    await stopPid(pid, ctx.config.stack.stopTimeoutMs, ctx.clock);
    removePidFile(componentPaths(ctx.config.stateDir, name as Component['name']).pidFile);
  }
}

export async function startStack(ctx: UpCtx, o: UpOptions = {}): Promise<UpResult> {
  const config = ctx.config;
  const selected = selectComponents(o.components);
  const running = new Map<string, number>();
  for (const c of selected) {
    const pid = runningPid(c, config, ctx.log);
    if (pid !== undefined) running.set(c.name, pid);
  }
  const toStart = selected.filter((c) => !running.has(c.name));
  const spawned = new Map<string, number>();
  let versions = new Map<string, string | undefined>();
  if (toStart.length > 0) {
    const tools = await findTools(ctx.env, { needMvn: false });
    await checkPorts(toStart, config);
    const jars = await ensureJars({
      cacheRoot: config.stack.jarCacheDir ?? defaultJarCacheRoot(ctx.env),
      mvn: () => findMvn(ctx.env),
      log: ctx.log,
    });
    const env: StackEnv = { config, log: ctx.log, secrets: ctx.secrets };
    const lctx: LaunchContext = {
      ...env,
      tools,
      jars,
      clock: ctx.clock,
      processEnv: { ...ctx.env } as NodeJS.ProcessEnv,
    };
    for (const c of toStart) await c.prepare(lctx, componentPaths(config.stateDir, c.name));
    try {
      versions = await startAll(toStart, lctx, spawned);
    } catch (err) {
      await rollback(spawned, ctx);
      throw err;
    }
  }
  return {
    components: selected.map((c) => ({
      name: c.name,
      pid: running.get(c.name) ?? (spawned.get(c.name) as number),
      started: !running.has(c.name),
      version: versions.get(c.name),
      endpoints: c.endpoints(config),
    })),
  };
}

export async function run(ctx: Context, o: UpOptions = {}): Promise<void> {
  const result = await startStack(ctx, o);
  if (result.components.every((c) => !c.started)) ctx.log.info('stack is already running; nothing to do');
  emit(ctx, result, () =>
    result.components
      .map(
        (c) =>
          `${c.name.padEnd(8)} pid ${String(c.pid).padEnd(8)} ${Object.entries(c.endpoints)
            .map(([k, v]) => `${k} ${v}`)
            .join('  ')}`,
      )
      .join('\n'),
  );
}
