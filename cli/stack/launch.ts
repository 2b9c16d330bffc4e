// Starts one component and waits for it: spawn its process (java, or node) detached, record the pid, run its after-start
// step, then poll its health until healthy, until the process dies (error with the last log lines),
// or until stack.startTimeoutMs passes.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { StackError, TimeoutError } from '../../core/errors/ziem-error.js';
import type { Component, LaunchEnv } from './component.js';
import { componentPaths, type ComponentPaths } from './layout.js';
import { isAlive, startDetached, tailFile, writePidFile, type Started } from './processes.js';

const LOG_TAIL_LINES = 20;

export interface LaunchContext extends LaunchEnv {
  readonly clock: Clock;
  readonly processEnv: NodeJS.ProcessEnv;
}

/** The end of the process's output, and of its own log when that is another file. */
function lastLines(paths: ComponentPaths): string {
  const files = paths.stdout === paths.log ? [paths.log] : [paths.stdout, paths.log];
  return (
    files
      .filter((f) => existsSync(f) && statSync(f).size > 0)
      .map((f) => `last lines of ${f}:\n${tailFile(f, LOG_TAIL_LINES)}`)
      .join('\n') || `no output in ${files.join(' or ')}`
  );
}

// /proc can show the process gone a moment before Node reports its exit status: wait for it briefly.
async function diedError(c: Component, paths: ComponentPaths, p: Started, clock: Clock): Promise<StackError> {
  for (let i = 0; i < 20 && p.exit() === undefined; i++) await clock.sleep(50);
  const e = p.exit();
  const how = e ? (e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`) : 'exited';
  return new StackError('COMPONENT_DIED', `${c.name} ${how} while starting; ${lastLines(paths)}`, {
    hint: `read the whole log with \`ziem stack logs ${c.name}\``,
  });
}

async function waitHealthy(
  c: Component,
  paths: ComponentPaths,
  p: Started,
  env: LaunchContext,
  deadline: number,
): Promise<string | undefined> {
  let detail = 'no answer yet';
  for (;;) {
    if (p.exit() !== undefined || !isAlive(p.pid)) throw await diedError(c, paths, p, env.clock);
    const h = await c.health(env, paths);
    if (h.healthy) return h.version;
    detail = h.detail ?? detail;
    if (env.clock.now() > deadline) {
      throw new TimeoutError(
        `${c.name} was not healthy after ${env.config.stack.startTimeoutMs} ms (${detail}); ${lastLines(paths)}`,
        {
          retriable: false,
          hint: `raise stack.startTimeoutMs, or read \`ziem stack logs ${c.name}\``,
        },
      );
    }
    await env.clock.sleep(300);
  }
}

export interface Launched {
  readonly name: string;
  readonly pid: number;
  readonly version: string | undefined;
}

/** Starts c; `onSpawn` learns the pid at once so a failing `up` can stop what it started. */
export async function launch(c: Component, env: LaunchContext, onSpawn: (pid: number) => void): Promise<Launched> {
  const paths = componentPaths(env.config.stateDir, c.name);
  const deadline = env.clock.now() + env.config.stack.startTimeoutMs;
  env.log.info(`${c.name}: starting`);
  const cmd = c.command(env, paths);
  // a component's data, config and logs are the stack's own: nobody else on the machine reads them
  for (const d of [paths.dir, dirname(paths.stdout)]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chmodSync(d, 0o700);
  }
  const p = startDetached(cmd.file, cmd.args, {
    logFile: paths.stdout,
    cwd: paths.dir,
    env: { ...env.processEnv, ...cmd.env },
  });
  onSpawn(p.pid);
  writePidFile(paths.pidFile, {
    pid: p.pid,
    component: c.name,
    startedAt: new Date(env.clock.now()).toISOString(),
    ports: c.ports(env.config).map((x) => x.port),
  });
  if (c.afterStart) await runAfterStart(c, c.afterStart.bind(c), paths, p, env);
  const version = await waitHealthy(c, paths, p, env, deadline);
  env.log.info(`${c.name}: healthy (pid ${p.pid})`);
  return { name: c.name, pid: p.pid, version };
}

// The after-start step (e.g. Neo4j's password) races the process: if the JVM dies meanwhile, the
// error is the death with its log lines, not the step's connection refusals.
async function runAfterStart(
  c: Component,
  step: NonNullable<Component['afterStart']>,
  paths: ComponentPaths,
  p: Started,
  env: LaunchContext,
): Promise<void> {
  let settled = false;
  const watch = (async (): Promise<void> => {
    while (!settled && p.exit() === undefined && isAlive(p.pid)) await env.clock.sleep(200);
    if (!settled) throw await diedError(c, paths, p, env.clock);
  })();
  try {
    await Promise.race([step(env, paths), watch]);
  } finally {
    settled = true;
  }
}
