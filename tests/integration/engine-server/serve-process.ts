// Runs the real `ziem ksql serve` (the built CLI, in-memory driver) as a child process with extra
// environment (ZIEM_KSQL_MAX_* limits), for tests and benchmarks that need its own process: its
// RSS and open handles are read from /proc, and an abrupt client cannot disturb the test runner.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli, freePort } from '../engine-kafka/server-process.js';

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resident set size now, in MB (/proc/<pid>/status VmRSS). */
  rssMb(): number;
  /** Open file descriptors now (/proc/<pid>/fd): sockets, pipes, files. */
  handles(): number;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServe(env: Record<string, string> = {}): Promise<ServeProcess> {
  const cli = await builtCli();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'ziem-serve-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZIEM_')));
  const child = spawn(process.execPath, [cli, 'ksql', 'serve', '--driver', 'memory', '--port', String(port)], {
    cwd,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ziem ksql serve did not start in 30 s:\n${err}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`ziem ksql serve exited with ${code}:\n${err}`));
    });
  });
  const pid = child.pid!;
  return {
    url,
    port,
    child,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    handles: () => readdirSync(`/proc/${pid}/fd`).length,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
