// Runs one terraform command: its own process group (so a terminal's Ctrl-C reaches ziem alone),
// SIGINT forwarded exactly once and waited for (a second interrupt would make Terraform abandon its
// work and could leave the state locked), stdout handed over line by line, the tail of stderr kept
// for the error. Knows nothing of what the command means.
import { spawn } from 'node:child_process';

/** Where interrupts come from: the process's SIGINT in the CLI, an emitter in tests. */
export interface InterruptSource {
  on(listener: () => void): void;
  off(listener: () => void): void;
}

export const processInterrupts: InterruptSource = {
  on: (l) => void process.on('SIGINT', l),
  off: (l) => void process.off('SIGINT', l),
};

export interface RunOptions {
  bin: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  onLine(line: string): void;
  interrupts: InterruptSource;
  /** told once, when the first interrupt has been passed on */
  onInterrupt(): void;
}

export interface RunResult {
  exitCode: number;
  stderrTail: string;
  interrupted: boolean;
  /** terraform's pid, which is also its process group's id */
  pid: number | undefined;
}

const TAIL_BYTES = 4_000;

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // the group is already empty
  }
}

export function runTerraform(o: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.bin, o.args, {
      cwd: o.cwd,
      env: o.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let rest = '';
    let interrupted = false;
    const onInterrupt = (): void => {
      if (interrupted) return; // once: Terraform is already shutting down gracefully
      interrupted = true;
      child.kill('SIGINT');
      o.onInterrupt();
    };
    o.interrupts.on(onInterrupt);
    child.stdout.on('data', (d: Buffer) => {
      const lines = (rest + d.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) o.onLine(l);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-TAIL_BYTES);
    });
    child.on('error', (err) => {
      o.interrupts.off(onInterrupt);
      reject(err);
    });
    child.on('close', (code, signal) => {
      o.interrupts.off(onInterrupt);
      // an interrupted provisioner's children (local-exec's `sh -c` grandchildren) outlive
      // Terraform: they are in its process group, and nothing else is, so end them
      if (interrupted && child.pid !== undefined) killGroup(child.pid);
      if (rest) o.onLine(rest);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stderrTail: stderr.trim(), interrupted, pid: child.pid });
    });
  });
}
