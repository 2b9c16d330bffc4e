// Stopping processes the sandbox or the capture agent started: SIGTERM, a bounded wait, then
// SIGKILL. A recorded pid is only signalled while its command line still names the recorded
// program, so a pid reused by an unrelated process after a reboot is left alone.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie still answers kill(0); it has exited for every purpose here
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Whether `pid` is still running `exe` (compared by base name against argv[0] and argv[1]). */
export function runsProgram(pid: number, exe: string): boolean {
  const path = `/proc/${pid}/cmdline`;
  if (!existsSync(path)) return false;
  try {
    const argv = readFileSync(path, 'utf8').split('\0');
    const want = basename(exe);
    // python3 runs as python3.11: a prefix match on the base name
    return argv.slice(0, 2).some((a) => a !== '' && basename(a).startsWith(want));
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone: that is the goal
  }
}

/** Stops every pid; resolves once all are gone. */
export async function stopPids(pids: readonly number[], timeoutMs: number): Promise<void> {
  const live = pids.filter(isAlive);
  for (const p of live) signal(p, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (live.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of live.filter(isAlive)) signal(p, 'SIGKILL');
  for (let i = 0; i < 40 && live.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
}
