// The deployment's Node background services: the model server (`ziem model serve`) and the network
// map (`ziem ui`, on bindHost:ui.port), each started detached
// from the built ziem binary with a pid file in <stateDir>/run and its output in <stateDir>/logs, and
// stopped by pid. The embedded engine's ksqlDB server is a stack component (cli/stack/component-ksql.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Clock } from '../../core/clock.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { ziemBin } from '../stack/component-ksql.js';
import { configEnv } from '../stack/child-env.js';
import { isAlive, removePidFile, startDetached, stopPid, tailFile } from '../stack/processes.js';

export type ServiceName = 'model' | 'ui';

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly port: number;
  readonly healthUrl: string;
}

export const modelsDir = (stateDir: string): string => join(stateDir, 'models');
export const MODEL_NAME = 'anomaly';
export const modelDir = (stateDir: string): string => join(modelsDir(stateDir), MODEL_NAME);

const pidFileOf = (stateDir: string, n: ServiceName): string => join(stateDir, 'run', `${n}.pid`);
export const serviceLog = (stateDir: string, n: ServiceName): string => join(stateDir, 'logs', `${n}.log`);

/** The built CLI with this deployment's state directory and config file: how deploy starts its children. */
export function ziemArgs(config: Config): string[] {
  return [ziemBin(), '--state-dir', config.stateDir, ...(config.source ? ['--config', config.source] : [])];
}

export function serviceSpec(config: Config, name: ServiceName): ServiceSpec {
  if (name === 'ui') {
    const port = config.ui.port;
    return {
      name,
      args: [...ziemArgs(config), 'ui', '--port', String(port)],
      env: {},
      port,
      healthUrl: `http://${config.bindHost}:${port}/api/health`,
    };
  }
  const port = config.modelServer.port;
  return {
    name,
    args: [...ziemArgs(config), 'model', 'serve', '--models', modelsDir(config.stateDir), '--port', String(port)],
    env: {},
    port,
    healthUrl: `http://${config.bindHost}:${port}/healthz`,
  };
}

interface ServicePid {
  readonly pid: number;
  readonly service: ServiceName;
  readonly startedAt: string;
  readonly port: number;
}

function writePid(path: string, r: ServicePid): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(r) + '\n', { mode: 0o644 });
}

function readPid(path: string): ServicePid | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as ServicePid;
    return Number.isInteger(r.pid) && r.pid > 0 ? r : undefined;
  } catch {
    return undefined; // missing or unreadable: no service recorded
  }
}

/** Our service's pid: the pid file's process still runs this binary for this state directory and command. */
export function servicePid(config: Config, name: ServiceName): number | undefined {
  const rec = readPid(pidFileOf(config.stateDir, name));
  if (rec === undefined || !isAlive(rec.pid)) return undefined;
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  const want = name === 'ui' ? ['ui'] : ['model', 'serve'];
  const i = argv.indexOf('--state-dir');
  return i > 0 && argv[i + 1] === config.stateDir && want.every((w) => argv.includes(w)) ? rec.pid : undefined;
}

export async function answers(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

export async function serviceHealthy(config: Config, name: ServiceName): Promise<boolean> {
  return servicePid(config, name) !== undefined && answers(serviceSpec(config, name).healthUrl);
}

/** Starts the service and waits until its health URL answers; a death or timeout names its log. */
export async function startService(
  config: Config,
  name: ServiceName,
  o: { clock: Clock; env: Readonly<Record<string, string | undefined>>; timeoutMs: number },
): Promise<number> {
  const spec = serviceSpec(config, name);
  const log = serviceLog(config.stateDir, name);
  const p = startDetached(process.execPath, spec.args, {
    logFile: log,
    cwd: process.cwd(),
    env: { ...process.env, ...o.env, ...configEnv(config), ...spec.env } as NodeJS.ProcessEnv,
  });
  writePid(pidFileOf(config.stateDir, name), {
    pid: p.pid,
    service: name,
    startedAt: new Date(o.clock.now()).toISOString(),
    port: spec.port,
  });
  const deadline = o.clock.now() + o.timeoutMs;
  while (o.clock.now() < deadline) {
    if (p.exit() !== undefined || !isAlive(p.pid)) {
      removePidFile(pidFileOf(config.stateDir, name));
      throw new StackError(
        'SERVICE_DIED',
        `${name} server exited while starting; last lines of ${log}:\n${tailFile(log, 15)}`,
      );
    }
    if (await answers(spec.healthUrl)) return p.pid;
    await o.clock.sleep(250);
  }
  await stopPid(p.pid, 5_000, o.clock);
  removePidFile(pidFileOf(config.stateDir, name));
  throw new StackError(
    'SERVICE_TIMEOUT',
    `${name} server did not answer ${spec.healthUrl} within ${o.timeoutMs} ms; see ${log}`,
  );
}

export async function stopService(config: Config, name: ServiceName, clock: Clock): Promise<number | undefined> {
  const pid = servicePid(config, name);
  removePidFile(pidFileOf(config.stateDir, name));
  if (pid === undefined) return undefined;
  await stopPid(pid, config.stack.stopTimeoutMs, clock);
  return pid;
}
