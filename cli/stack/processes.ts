// The JVM processes of the local stack: start one detached with its output in a log file, record its
// pid, tell whether a recorded pid is still ours (alive and carrying our -Dziem.* markers), and stop it
// with SIGTERM, then SIGKILL after a timeout. Never signals a process it cannot prove is ours.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { StackError } from '../../core/errors/ziem-error.js';
import type { ComponentName } from './layout.js';

export interface PidRecord {
  readonly pid: number;
  readonly component: ComponentName;
  readonly startedAt: string;
  readonly ports: readonly number[];
}

/**
 * The markers put on every command line we start, to recognise our processes later: system
 * properties for a JVM; for the engine server (node, which takes no -D) its own arguments, the state
 * directory as one `--state-dir=` argument and the `ksql serve` subcommand.
 */
export const markerArgs = (component: ComponentName, stateDir: string): string[] =>
  component === 'ksql'
    ? [`--state-dir=${stateDir}`, 'ksql', 'serve']
    : [`-Dziem.component=${component}`, `-Dziem.state=${stateDir}`];

export function readPidFile(path: string): PidRecord | 'unreadable' | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as PidRecord;
    return Number.isInteger(r.pid) && r.pid > 0 ? r : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export function writePidFile(path: string, r: PidRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(r) + '\n', { mode: 0o644 });
}

export const removePidFile = (path: string): void => rmSync(path, { force: true });

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Alive and started by ziem for this component and state directory. */
export function isOurs(pid: number, component: ComponentName, stateDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return markerArgs(component, stateDir).every((m) => args.includes(m));
  } catch {
    return false;
  }
}

/** Pids of live processes carrying our markers for this component and state directory (pid file lost). */
export function findMarkedProcesses(component: ComponentName, stateDir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid !== process.pid && isOurs(pid, component, stateDir)) out.push(pid);
  }
  return out;
}

export interface Started {
  readonly pid: number;
  /** Exit code once the process has exited while we watch it (null: still running or signalled). */
  exit(): { code: number | null; signal: string | null } | undefined;
}

export function startDetached(
  cmd: string,
  args: readonly string[],
  o: { logFile: string; cwd: string; env: NodeJS.ProcessEnv },
): Started {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const fd = openSync(o.logFile, 'a');
  let exited: { code: number | null; signal: string | null } | undefined;
  try {
    const child = spawn(cmd, args as string[], { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined)
      throw new StackError('SPAWN_FAILED', `could not start ${cmd}`, {
        hint: `check that ${cmd} is installed and on PATH`,
      });
    child.on('exit', (code, signal) => (exited = { code, signal }));
    child.on('error', () => (exited = { code: -1, signal: null }));
    child.unref();
    return { pid: child.pid, exit: () => exited };
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM, wait up to timeoutMs, then SIGKILL; resolves once the pid is gone. */
export async function stopPid(
  pid: number,
  timeoutMs: number,
  clock: Clock,
): Promise<'terminated' | 'killed' | 'not-running'> {
  if (!isAlive(pid)) return 'not-running';
  process.kill(pid, 'SIGTERM');
  const deadline = clock.now() + timeoutMs;
  while (clock.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await clock.sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'terminated';
  }
  while (isAlive(pid)) await clock.sleep(50);
  return 'killed';
}

/** The last n lines of a log file, for errors about a component that died. */
export function tailFile(path: string, n: number): string {
  if (!existsSync(path)) return '(no log file)';
  const size = statSync(path).size;
  const len = Math.min(size, 64 * 1024); // logs grow large; the end is all we need
  const buf = Buffer.alloc(len);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8').trimEnd().split('\n').slice(-n).join('\n');
}
