// Checks before `up` starts anything: which components already run (recorded pid, alive, ours),
// which pid files are stale (removed with a warning), and whether every port we are about to bind is
// free; a taken port fails the whole `up` naming the port, its config field and the process holding it.
import type { Config } from '../config/config.js';
import type { Logger } from '../context.js';
import { StackError } from '../../core/errors/ziem-error.js';
import type { Component } from './component.js';
import { componentPaths } from './layout.js';
import { findPortOwner, isPortFree } from './ports.js';
import { findMarkedProcesses, isAlive, isOurs, readPidFile, removePidFile, writePidFile } from './processes.js';

/** The pid of a running component of ours, after clearing a stale pid file. */
export function runningPid(c: Component, config: Config, log: Logger): number | undefined {
  const file = componentPaths(config.stateDir, c.name).pidFile;
  const rec = readPidFile(file);
  if (rec === undefined) return adoptOrphan(c, config, log);
  if (rec !== 'unreadable' && isOurs(rec.pid, c.name, config.stateDir)) return rec.pid;
  const why =
    rec === 'unreadable'
      ? 'unreadable'
      : isAlive(rec.pid)
        ? `pid ${rec.pid} is now another program`
        : `pid ${rec.pid} is not running`;
  log.warn(`${c.name}: removing stale pid file ${file} (${why})`);
  removePidFile(file);
  return adoptOrphan(c, config, log);
}

// A process of ours whose pid file is gone (deleted, or `up` interrupted right after the spawn) is
// found by its markers and recorded again, so `down` can still stop it and `up` does not start a twin.
function adoptOrphan(c: Component, config: Config, log: Logger): number | undefined {
  const [pid] = findMarkedProcesses(c.name, config.stateDir);
  if (pid === undefined) return undefined;
  log.warn(`${c.name}: found running pid ${pid} of this state directory without a pid file; recording it again`);
  writePidFile(componentPaths(config.stateDir, c.name).pidFile, {
    pid,
    component: c.name,
    startedAt: new Date().toISOString(),
    ports: c.ports(config).map((p) => p.port),
  });
  return pid;
}

export async function checkPorts(components: readonly Component[], config: Config): Promise<void> {
  const problems: string[] = [];
  for (const c of components) {
    for (const p of c.ports(config)) {
      if (await isPortFree(config.bindHost, p.port)) continue;
      const owner = findPortOwner(p.port);
      const who = owner ? `pid ${owner.pid} (${owner.command || 'unknown command'})` : 'a process ziem cannot identify';
      problems.push(`port ${p.port} (${p.field}, for ${c.name}) on ${config.bindHost} is taken by ${who}`);
    }
  }
  if (problems.length === 0) return;
  throw new StackError('PORT_TAKEN', problems.join('\n'), {
    hint: 'stop that process, or pick other ports in ziem.yaml or with ZIEM_* variables (e.g. ZIEM_KAFKA_PORT); nothing was started',
  });
}
